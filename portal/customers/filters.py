import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import Membership, search_folded


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class CustomerFilter(django_filters.FilterSet):
    """Search by name, email, city or phone and the active / inactive filter (CUST-1), read
    through a form: an unknown status is a field error and an unfiltered list, never a 500."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="by_status",
        choices=[("active", _("Active")), ("inactive", _("Inactive"))],
        empty_label=_("All customers"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The organization's folded copies of its name and of its details' email, city and phone
        # (Organization.search_name, search_details): one table, and a trigram index on
        # PostgreSQL that finds the reseller's matches without reading all its customers.
        term = search_folded(value)
        condition = Q(search_name__contains=term) | Q(search_details__contains=term)
        # Phones are kept as +48221234567: "22 123 45" finds it by its digits.
        digits = _digits(value)
        if len(digits) >= 3 and digits != term:  # "12345" is already the term itself
            condition |= Q(search_details__contains=digits)
        return queryset.filter(condition)

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")


class StorefrontUserFilter(django_filters.FilterSet):
    """Search a customer's storefront users by name or email, and filter by status."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="by_status",
        choices=[
            ("active", _("Active")),
            ("not_activated", _("Not activated")),
            ("inactive", _("Inactive")),
        ],
        empty_label=_("All"),
    )

    class Meta:
        model = Membership
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__full_name__icontains=value) | Q(user__email__icontains=value)
        )

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)
