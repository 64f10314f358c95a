"""`{% table_contents table %}`: a django-tables2 table's head and body (portal/core/tables.py)."""

from django import template
from django.utils.safestring import mark_safe

from portal.core import tables
from portal.core.csrf_placeholder import with_token

register = template.Library()


@register.simple_tag(takes_context=True)
def table_contents(context, table, table_base=""):
    html = tables.table_contents(table, context.get("request"), table_base or "")
    # the forms of row menus carry the placeholder: this page's token goes in (in a kept part,
    # the placeholder again, filled when the part is served)
    return mark_safe(with_token(html, context.get("csrf_token", "")))  # noqa: S308 - escaped HTML
