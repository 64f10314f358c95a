import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import Membership


class StoreUserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

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
