"""`{{ amount|money:currency }}` → "1 234,50 PLN" in the person's language (PLAT-2)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    if value is None or value == "":
        return "—"
    text = number_format(value, 2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()
