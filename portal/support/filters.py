"""Filters of the support area (django-filter): query parameters are read through forms."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Case


def _search(queryset, value):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(Q(reference__icontains=value) | Q(subject__icontains=value))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("Any status")
    )

    def search(self, queryset, name, value):
        return _search(queryset, value)


class QueueFilter(django_filters.FilterSet):
    OPEN = "open"
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open (not resolved or closed)"))] + list(Case.Status.choices),
        empty_label=_("Any status"),
        method="by_status",
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Case.Severity.choices, empty_label=_("Any severity")
    )
    company = django_filters.CharFilter(label=_("Company"), method="by_company", max_length=200)
    assignee = django_filters.ChoiceFilter(
        label=_("Assignee"), method="by_assignee", empty_label=_("Anyone")
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = [("none", _("Unassigned"))] + [
            (str(user.pk), user.full_name or user.email) for user in staff
        ]

    def search(self, queryset, name, value):
        return _search(queryset, value)

    def by_status(self, queryset, name, value):
        if value == self.OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def by_company(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(organization__name__icontains=value) if value else queryset

    def by_assignee(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=int(value))
