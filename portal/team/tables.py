"""Tables of the team area (django-tables2): sorting and paging behave alike on every list."""

from functools import cached_property
from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.access.policies import can
from portal.core.csrf_placeholder import render_cell_with_forms
from portal.core.tables import KeyedUrl, PortalTable
from portal.tenancy.models import Level, Membership, Organization

from .models import BillingSettings
from .selectors import active_staff_count


class ActiveStaffColumn(tables.Column):
    """A partner's active staff, set on the shown rows by `with_active_staff`. Sorting by it
    counts every row's staff in SQL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Active staff"))
        kwargs.setdefault("attrs", {"th": {"class": "num"}, "td": {"class": "num"}})
        super().__init__(**kwargs)

    def order(self, queryset, is_descending):
        direction = "-" if is_descending else ""
        ordered = queryset.annotate(staff_sort=active_staff_count()).order_by(
            f"{direction}staff_sort", "name", "pk"
        )
        return ordered, True


class PartnerTable(PortalTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("console:partner", [tables.A("pk")]))
    kind = tables.Column(verbose_name=_("Kind"))
    tier = tables.Column(verbose_name=_("Tier"), default="—")
    parent = tables.Column(verbose_name=_("Under"), accessor="parent__name", orderable=False)
    staff = ActiveStaffColumn()

    class Meta:
        model = Organization
        fields = ("name", "kind", "tier", "parent", "staff")
        order_by = ("name",)
        empty_text = _("No partners match.")


class PaymentMethodColumn(tables.Column):
    """The payment method, with a small form to change it where the reader may set it (the same
    rule the service asks); the form posts to `table.set_url_name`."""

    def render(self, value, record, table):
        if not can(table.request.actor, "partners.payment_method.set", record):
            return record.billing_settings.get_payment_method_display() or "—"
        return render_cell_with_forms(
            "team/partials/_payment_method_cell.html",
            {
                "record": record,
                "value": value,
                "url": reverse(table.set_url_name, args=[record.pk]),
                "choices": BillingSettings.PaymentMethod.choices,
                "from_parent": table.set_url_name.startswith("console:"),
            },
            table.request,
        )


class ResellerTable(PortalTable):
    """A distributor's resellers on its own portal: facts and the payment method it sets."""

    name = tables.Column(verbose_name=_("Name"))
    tax_id = tables.Column(verbose_name=_("Tax id"), accessor="details__tax_id", default="—")
    city = tables.Column(verbose_name=_("City"), accessor="details__city", default="—")
    staff = ActiveStaffColumn()
    payment_method = PaymentMethodColumn(
        verbose_name=_("Payment method"), accessor="billing_settings__payment_method", default="—"
    )
    set_url_name = "team:reseller_payment_method"

    class Meta:
        model = Organization
        fields = ("name", "tax_id", "city", "staff", "payment_method")
        order_by = ("name",)
        empty_text = _("No resellers match.")


class ConsoleResellerTable(ResellerTable):
    """The same list on a distributor's console page: names open the partner page."""

    name = tables.Column(verbose_name=_("Name"), linkify=("console:partner", [tables.A("pk")]))
    set_url_name = "console:partner_payment_method"


EMPLOYEE_STATUS_BADGE = {"active": "ok", "inactive": "bad", "not_activated": "warn"}


class EmployeeTable(PortalTable):
    """A company's own people (COMP-2), in name order; each opens the employee's page.

    `feature_labels` on each row comes from `selectors.with_feature_labels`."""

    name = tables.Column(verbose_name=_("Full name"), accessor="user__full_name")
    email = tables.Column(verbose_name=_("Email"), accessor="user__email")
    level = tables.Column(verbose_name=_("Level"), accessor="role")
    status = tables.Column(verbose_name=_("Status"), accessor="status")
    features = tables.Column(
        verbose_name=_("Feature access"), empty_values=(), attrs={"td": {"class": "small"}}
    )

    class Meta:
        model = Membership
        fields = ("name", "email", "level", "status", "features")
        orderable = False
        empty_text = _("No employees match.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._detail_url = KeyedUrl("team:employee")
        self._manager_badge = format_html(
            ' <span class="badge info">{}</span>', _("Company manager")
        )

    def render_name(self, value, record):
        link = format_html('<a href="{}">{}</a>', self._detail_url(record.pk), value)
        return link + self._manager_badge if record.is_company_manager else link

    def render_level(self, record):
        return record.get_role_display()

    def render_status(self, value, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            EMPLOYEE_STATUS_BADGE.get(value, "warn"),
            record.get_status_display(),
        )

    def render_features(self, record):
        if record.role == Level.PRIMARY or record.is_company_manager:
            return _("Everything")
        return format_html_join(
            " ", '<span class="badge">{}</span>', ((label,) for label in record.feature_labels)
        )


class PartnerStaffTable(PortalTable):
    """A partner's employees on its console page; each opens their activity in the trail."""

    name = tables.Column(
        verbose_name=_("Full name"),
        accessor="user__full_name",
        # the membership's copy of the name is what the (organization, name) index holds
        order_by=("person_name", "user_id"),
    )
    email = tables.EmailColumn(verbose_name=_("Email"), accessor="user__email")
    level = tables.Column(verbose_name=_("Level"), accessor="role")
    status = tables.Column(verbose_name=_("Status"), accessor="is_active", orderable=False)
    history = tables.Column(verbose_name=_("Activity"), empty_values=(), orderable=False)

    class Meta:
        model = Membership
        fields = ("name", "email", "level", "status", "history")
        order_by = ("name",)
        empty_text = _("No employees match.")

    def render_name(self, value, record):
        if record.is_company_manager:
            return format_html('{} <span class="badge info">{}</span>', value, _("Company manager"))
        return value

    def render_level(self, record):
        return record.get_role_display()

    def render_status(self, record):
        return record.get_status_display()

    @cached_property
    def _activity_url(self) -> str:
        return reverse("console:audit")  # once per page, not per row

    def render_history(self, record):
        url = f"{self._activity_url}?{urlencode({'who': record.user.email})}"
        return format_html(
            '<a href="{}">{}<span class="sr-only"> {}</span></a>',
            url,
            _("Activity"),
            record.user.full_name,
        )


class PartnerCustomerTable(PortalTable):
    """A reseller's customers on its console page."""

    name = tables.Column(verbose_name=_("Name"))
    city = tables.Column(verbose_name=_("City"), accessor="details__city", default="—")
    email = tables.EmailColumn(verbose_name=_("Email"), accessor="details__email", default="—")
    tax_id = tables.Column(verbose_name=_("Tax id"), accessor="details__tax_id", default="—")

    class Meta:
        model = Organization
        fields = ("name", "city", "email", "tax_id")
        order_by = ("name",)
        empty_text = _("No customers match.")
