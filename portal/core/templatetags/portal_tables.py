"""`{% table_contents table %}`: a django-tables2 table's head and body (portal/core/tables.py)."""

from django import template

from portal.core import tables

register = template.Library()


@register.simple_tag(takes_context=True)
def table_contents(context, table, table_base=""):
    return tables.table_contents(table, context.get("request"), table_base or "")
