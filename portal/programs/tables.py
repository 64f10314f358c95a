"""Tables of the reseller program (django-tables2): sorting and paging alike on every list."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.core.templatetags.portal_format import status_badge, userdate, userdatetime

from .models import AccountRequest, Lead, ResellerApplication, TermsAcceptance


class StatusColumn(tables.Column):
    def render(self, value, record):
        return status_badge(record, "status")


class DateColumn(tables.Column):
    def render(self, value):
        return userdate(value)


class LeadTable(PortalTable):
    company_name = tables.Column(
        verbose_name=_("Company"), linkify=("programs:lead", [tables.A("pk")])
    )
    tax_id = tables.Column(verbose_name=_("Tax id"))
    city = tables.Column(verbose_name=_("City"))
    contact_name = tables.Column(verbose_name=_("Contact person"))
    status = StatusColumn(verbose_name=_("Status"))
    created_at = DateColumn(verbose_name=_("Registered"))

    class Meta:
        model = Lead
        fields = ("company_name", "tax_id", "city", "contact_name", "status", "created_at")
        order_by = ("-created_at",)
        empty_text = _("No leads match.")


class ConsoleLeadTable(PortalTable):
    company_name = tables.Column(
        verbose_name=_("Company"), linkify=("console:lead", [tables.A("pk")])
    )
    reseller = tables.Column(verbose_name=_("Reseller"), accessor="organization__name")
    tax_id = tables.Column(verbose_name=_("Tax id"))
    city = tables.Column(verbose_name=_("City"))
    status = StatusColumn(verbose_name=_("Status"))
    created_at = DateColumn(verbose_name=_("Registered"))

    class Meta:
        model = Lead
        fields = ("company_name", "reseller", "tax_id", "city", "status", "created_at")
        order_by = ("created_at",)
        empty_text = _("No leads match.")


class ApplicationTable(PortalTable):
    company_name = tables.Column(
        verbose_name=_("Company"), linkify=("console:application", [tables.A("pk")])
    )
    reference = tables.Column(verbose_name=_("Reference"))
    country = tables.Column(verbose_name=_("Country"))
    created_at = DateColumn(verbose_name=_("Received"))
    age = tables.Column(
        verbose_name=_("Age (days)"),
        accessor="age_days",
        order_by=("-created_at",),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )
    due_date = tables.Column(verbose_name=_("Due"))
    status = StatusColumn(verbose_name=_("Status"))

    class Meta:
        model = ResellerApplication
        fields = ("company_name", "reference", "country", "created_at", "age", "due_date", "status")
        order_by = ("created_at",)
        empty_text = _("No applications match.")
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}

    def render_country(self, value, record):
        return record.country.name

    def render_due_date(self, value, record):
        if record.is_overdue:
            return format_html(
                '{} <span class="badge bad">{}</span>', userdate(value), _("overdue")
            )
        return userdate(value)


class RequestTable(PortalTable):
    reference = tables.Column(
        verbose_name=_("Reference"), linkify=("console:account_request", [tables.A("pk")])
    )
    kind = tables.Column(verbose_name=_("Kind"))
    account = tables.Column(verbose_name=_("Account"), accessor="lead__company_name")
    reseller = tables.Column(verbose_name=_("Reseller"), accessor="organization__name")
    created_at = DateColumn(verbose_name=_("Filed"))
    status = StatusColumn(verbose_name=_("Status"))

    class Meta:
        model = AccountRequest
        fields = ("reference", "kind", "account", "reseller", "created_at", "status")
        order_by = ("created_at",)
        empty_text = _("Nothing waiting.")


class AcceptanceTable(PortalTable):
    organization = tables.Column(verbose_name=_("Reseller"), accessor="organization__name")
    version = tables.Column(verbose_name=_("Version"), accessor="terms__version")
    accepted_by = tables.Column(verbose_name=_("Accepted by"), accessor="accepted_by__email")
    accepted_at = tables.Column(verbose_name=_("When"))
    ip_address = tables.Column(verbose_name=_("From address"), default="—")

    class Meta:
        model = TermsAcceptance
        fields = ("organization", "version", "accepted_by", "accepted_at", "ip_address")
        order_by = ("-accepted_at",)
        empty_text = _("No acceptances yet.")

    def render_accepted_at(self, value):
        return userdatetime(value)
