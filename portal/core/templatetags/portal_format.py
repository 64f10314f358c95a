"""Dates as the person chose in their profile (PROF-1 date format, time zone), and status badges."""

import re
from datetime import date, datetime

from django import template
from django.db import models
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal.core.request_context import current_date_format

register = template.Library()


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def userdate(value: date | datetime | None) -> str:
    if not value:
        return ""
    return dateformat.format(_local(value), current_date_format())


@register.filter
def userdatetime(value: datetime | None) -> str:
    if not value:
        return ""
    return dateformat.format(_local(value), f"{current_date_format()} H:i")


@register.simple_tag
def status_badge(obj: models.Model, field_name: str) -> SafeString:
    """`{% status_badge request "status" %}` → `<span class="badge badge--pending">Pending</span>`.

    The label is the choice's (translated) label, the modifier class the stored value; both are
    escaped. A field without choices shows its value.
    """
    value = getattr(obj, field_name)
    display = getattr(obj, f"get_{field_name}_display", None)
    label = display() if display else value
    modifier = re.sub(r"[^a-z0-9_-]+", "-", str(value).lower()).strip("-")
    return format_html('<span class="badge badge--{}">{}</span>', modifier, label)
