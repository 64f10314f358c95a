"""`{% kept "name" %}…{% endkept %}`: a part of a page rendered once and kept in the figures
cache while nothing in the reader's organization changes (portal/access/figures.py,
`cached_for_reader`). Without a signed-in actor, for a form sent back, or with the cache off,
the part is rendered as usual.

`{% kept "name" extra %}`: `extra` (text) is part of the key too, for a part that shows more of
its reader than the key holds anyway (the profile: the person's own settings).

A kept part's forms carry the reader's CSRF token as it is on each response: the part is kept
with a placeholder where a token goes, filled in when it is served, so the token stays masked
afresh every time (Django's defence against BREACH) and one person's parts serve all their
sessions."""

from django import template
from django.utils.safestring import mark_safe

from portal.access import figures

register = template.Library()

# Letters only: the csrf_token tag escapes what it is given.
CSRF_PLACEHOLDER = "keptpartcsrftokenplaceholder"


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(f"{bits[0]} takes the part's name and maybe a key")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    extra = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return KeptNode(parser.compile_filter(bits[1]), extra, nodelist)


class KeptNode(template.Node):
    def __init__(self, name, extra, nodelist):
        self.name = name
        self.extra = extra
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)

        def render():
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        extra = str(self.extra.resolve(context)) if self.extra is not None else ""
        kept = figures.cached_for_reader(request, self.name.resolve(context), render, extra=extra)
        token = str(context.get("csrf_token", ""))
        # rendered by the template engine, escaped there; the token is letters and digits
        return mark_safe(kept.replace(CSRF_PLACEHOLDER, token))  # noqa: S308
