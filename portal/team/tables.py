"""Tables of the team area (django-tables2): sorting and paging behave alike on every list."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import Organization


class PartnerTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=("console:partner", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"))
    tier = tables.Column(verbose_name=_("Tier"), default="—")
    parent = tables.Column(verbose_name=_("Under"), accessor="parent__name", orderable=False)
    staff = tables.Column(
        verbose_name=_("Active staff"), attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )

    class Meta:
        model = Organization
        fields = ("name", "kind", "tier", "parent", "staff")
        order_by = ("name",)
        empty_text = _("No partners match.")
