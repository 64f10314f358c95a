"""`{% kept "name" %}…{% endkept %}`: a part of a page rendered once and kept in the figures
cache while nothing in the reader's organization changes (portal/access/figures.py,
`cached_for_reader`). Without a signed-in actor, for a form sent back, or with the cache off,
the part is rendered as usual."""

from django import template
from django.utils.safestring import mark_safe

from portal.access import figures

register = template.Library()


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the part's name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), nodelist)


class KeptNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        render = lambda: self.nodelist.render(context)  # noqa: E731
        if request is None:
            return render()
        return mark_safe(figures.cached_for_reader(request, self.name.resolve(context), render))  # noqa: S308
