"""Dates as the person chose in their profile (PROF-1 date format, time zone)."""

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

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
