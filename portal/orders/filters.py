"""Filters of the orders area (django-filter): query parameters are read through forms."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.tenancy.selectors import customers_of

from .models import OrderStatus

# ORD-YYYY-NNNNNN (portal/core/sequences.py), or any beginning of one
ORDER_NUMBER_START = re.compile(r"ORD(-\d{0,4}(-\d{0,6})?)?", re.IGNORECASE)


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OrderStatus.choices, empty_label=_("All statuses")
    )

    def search(self, queryset, name, value):
        """An order number (or its start: "ORD-2026-0001") through the number's index; else the
        customer's name, looked up among the customers first, so the orders table is read
        through its (customer, date) index instead of joined row by row."""
        value = value.strip()
        if not value:
            return queryset
        if ORDER_NUMBER_START.fullmatch(value):
            start = value.upper()
            # The range is what both databases read from the number's index (a LIKE on it is
            # case-insensitive on SQLite and collation-bound on PostgreSQL); numbers are ASCII.
            after = start[:-1] + chr(ord(start[-1]) + 1)
            return queryset.filter(number__gte=start, number__lt=after, number__startswith=start)
        if value.isdigit():  # the running part of a number: "000123", "123"
            return queryset.filter(number__endswith=value)
        customers = customers_of(self.request.actor).filter(name__icontains=value)
        return queryset.filter(customer__in=customers.values("pk"))


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(sku__icontains=value))
