"""`{% kept "name" %}…{% endkept %}`: a part of a page rendered once and kept in the figures
cache while nothing in the reader's organization changes (portal/access/figures.py,
`cached_for_reader`). Without a signed-in actor, for a form sent back, or with the cache off,
the part is rendered as usual.

`{% kept "name" extra %}`: `extra` (text) is part of the key too, for a part that shows more of
its reader than the key holds anyway (the profile: the person's own settings)."""

from django import template
from django.utils.safestring import mark_safe

from portal.access import figures

register = template.Library()


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
        render = lambda: self.nodelist.render(context)  # noqa: E731
        if request is None:
            return render()
        extra = str(self.extra.resolve(context)) if self.extra is not None else ""
        kept = figures.cached_for_reader(request, self.name.resolve(context), render, extra=extra)
        return mark_safe(kept)  # noqa: S308 - rendered by the template engine, escaped there
