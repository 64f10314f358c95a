"""Filters of the team area (django-filter): query parameters are read through forms, so a
hostile value (a NUL byte, an unknown choice) is a form error, never a database error."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import OrganizationKind

from .selectors import EMPLOYEE_STATUSES, search_companies


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200, help_text="")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[
            (OrganizationKind.DISTRIBUTOR, _("Distributors")),
            (OrganizationKind.RESELLER, _("Resellers")),
        ],
        empty_label=_("Distributors and resellers"),
    )

    def search(self, queryset, name, value):
        # a tax id is found as typed or without its separators ("123-456-32-18")
        return search_companies(queryset, value)


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        choices=[(status, status) for status in EMPLOYEE_STATUSES], method="by_status"
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__full_name__icontains=value) | Q(user__email__icontains=value)
        )

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)
