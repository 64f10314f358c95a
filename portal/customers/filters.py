import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CustomerFilter(django_filters.FilterSet):
    """Search by name, email, city or phone (CUST-1), read through a form."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(details__email__icontains=value)
            | Q(details__city__icontains=value)
            | Q(details__phone__icontains=value)
        )
