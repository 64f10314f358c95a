"""`{% kept "name" %}…{% endkept %}`: a part of a page rendered once and kept in the figures
cache while nothing in the reader's organization changes (portal/access/figures.py,
`cached_for_reader`). Without a signed-in actor, for a form sent back, or with the cache off,
the part is rendered as usual.

`{% kept "name" extra %}`: `extra` (text) is part of the key too, for a part that shows more of
its reader than the key holds anyway (the profile: the person's own settings).

`{% kept "name" trail %}`: the part shows the audit trail, and is rendered again after any entry
in it, a sign-in too (figures.py: the trail version).

Forms in a kept part: see portal/core/csrf_placeholder.py."""

from django import template
from django.utils.safestring import mark_safe

from portal.access import figures
from portal.core.csrf_placeholder import CSRF_PLACEHOLDER, with_token

register = template.Library()


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    trail = bits[-1] == "trail"
    if trail:
        bits = bits[:-1]
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes the part's name, maybe a key and maybe 'trail'"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    extra = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return KeptNode(parser.compile_filter(bits[1]), extra, nodelist, trail=trail)


class KeptNode(template.Node):
    def __init__(self, name, extra, nodelist, *, trail=False):
        self.name = name
        self.extra = extra
        self.nodelist = nodelist
        self.trail = trail

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)

        def render():
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        extra = str(self.extra.resolve(context)) if self.extra is not None else ""
        kept = figures.cached_for_reader(
            request, self.name.resolve(context), render, extra=extra, trail=self.trail
        )
        token = str(context.get("csrf_token", ""))
        # rendered by the template engine, escaped there; the token is letters and digits
        return mark_safe(with_token(kept, token))  # noqa: S308
