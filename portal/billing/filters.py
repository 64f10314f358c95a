import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import PaymentStatus


class InvoiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Payment status"),
        choices=PaymentStatus.choices,
        method="by_status",
        empty_label=_("All invoices"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(customer__name__icontains=value))

    def by_status(self, queryset, name, value):
        return queryset.with_status(value)
