"""Filters of the reseller program (django-filter): query parameters are read through forms."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AccountRequest, Lead, ResellerApplication


def _search(queryset, fields, value):
    value = value.strip()
    if not value:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


class LeadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Lead.Status.choices, empty_label=_("All statuses")
    )

    SEARCHED = ("company_name", "tax_id", "city", "email", "contact_name", "reference")

    def search(self, queryset, name, value):
        return _search(queryset, self.SEARCHED, value)


class ConsoleLeadFilter(LeadFilter):
    SEARCHED = (*LeadFilter.SEARCHED, "organization__name")


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ResellerApplication.Status.choices,
        empty_label=_("All statuses"),
    )

    def search(self, queryset, name, value):
        return _search(
            queryset, ("company_name", "tax_id", "email", "contact_name", "reference"), value
        )


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccountRequest.Status.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AccountRequest.Kind.choices, empty_label=_("Both kinds")
    )

    def search(self, queryset, name, value):
        return _search(
            queryset,
            ("reference", "organization__name", "lead__company_name", "description"),
            value,
        )


class AcceptanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        return _search(queryset, ("organization__name", "accepted_by__email"), value)
