"""Filters of the orders area (django-filter): query parameters are read through forms."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import OrderStatus


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OrderStatus.choices, empty_label=_("All statuses")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(customer__name__icontains=value))


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(sku__icontains=value))
