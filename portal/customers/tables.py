"""The customer grid and the storefront user list (django-tables2). The exports (exports.py)
write the grid's own columns, so the file and the page never disagree."""

import django_tables2 as tables
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.csrf_placeholder import render_cell_with_forms
from portal.core.tables import KeyedUrl, PortalTable
from portal.tenancy.models import Membership, Organization


class StorefrontColumn(tables.Column):
    def render(self, value, table):
        marks = table.__dict__.get("_storefront_marks")
        if marks is None:  # translated once per page, not once per row
            marks = table.__dict__["_storefront_marks"] = {
                True: format_html(
                    '<span title="{0}" aria-label="{0}">✔</span>', _("Has storefront access")
                ),
                False: format_html(
                    '<span class="muted" aria-label="{}">—</span>', _("No storefront access")
                ),
            }
        return marks[bool(value)]

    def value(self, value):
        return str(_("Yes")) if value else str(_("No"))


class MoneyColumn(tables.Column):
    def render(self, value):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)

    def value(self, value):
        return f"{value:.2f}"


class CustomerTable(PortalTable):
    name = tables.Column(verbose_name=_("Name"))
    phone = tables.Column(
        verbose_name=_("Phone"), accessor="details__phone", order_by=("details__phone",)
    )
    city = tables.Column(verbose_name=_("City"), accessor="details__city")
    email = tables.Column(verbose_name=_("Email"), accessor="details__email")
    run_rate = MoneyColumn(
        verbose_name=_("Monthly run rate"),
        accessor="run_rate",
        # the stored, indexed column (orders.CustomerRunRate), not the annotation around it
        order_by=("run_rate_record__monthly_run_rate", "pk"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )
    reseller = tables.Column(verbose_name=_("Reseller"), accessor="parent__name")
    has_storefront = StorefrontColumn(verbose_name=_("Storefront"))
    status = tables.Column(verbose_name=_("Status"), accessor="is_active", order_by=("-is_active",))

    class Meta:
        model = Organization
        fields = ("name", "phone", "city", "email", "run_rate", "reseller", "has_storefront")
        sequence = (
            "name",
            "phone",
            "city",
            "email",
            "run_rate",
            "reseller",
            "has_storefront",
            "status",
        )
        order_by = ("name",)
        empty_text = _("No customers match.")

    def __init__(self, *args, detail_url_name="customers:detail", **kwargs):
        self.detail_url_name = detail_url_name
        super().__init__(*args, **kwargs)

    @cached_property
    def _detail_url(self):
        return KeyedUrl(self.detail_url_name)

    @cached_property
    def _status_badges(self):
        # translated once per page, not once per row
        return {
            True: format_html('<span class="badge ok">{}</span>', _("Active")),
            False: format_html('<span class="badge">{}</span>', _("Inactive")),
        }

    def render_name(self, record, value):
        return format_html('<a href="{}">{}</a>', self._detail_url(record.pk), value)

    def value_name(self, value):
        return value

    def render_phone(self, value):
        # only a number is rendered (empty values show the column's default); `if value` would
        # validate and format it once more just to learn that
        return value.as_international

    def value_phone(self, value):
        return value.as_international if value else ""

    def render_status(self, value):
        return self._status_badges[bool(value)]

    def value_status(self, value):
        return str(_("Active")) if value else str(_("Inactive"))


STATUS_BADGE = {"active": "ok", "not_activated": "warn", "inactive": "bad"}


class StorefrontUserTable(PortalTable):
    """A customer's storefront users with the per-user actions menu (CUST-6)."""

    name = tables.Column(verbose_name=_("Name and email"), accessor="user__full_name")
    language = tables.Column(verbose_name=_("Language"), accessor="user__language")
    date_format = tables.Column(verbose_name=_("Date format"), accessor="user__date_format")
    status = tables.Column(
        verbose_name=_("Status"),
        accessor="is_active",
        order_by=("-is_active", "-user__activated_at"),
    )
    actions = tables.Column(
        verbose_name=_("Actions"),
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Membership
        fields = ()
        sequence = ("name", "language", "date_format", "status", "actions")
        order_by = ("name",)
        empty_text = _("No storefront users yet.")

    def __init__(self, *args, customer=None, may_manage=False, url_prefix="customers:", **kwargs):
        self.customer = customer
        # "customers:" in the partner portal, "console:customers_" in the vendor console
        self.url_prefix = url_prefix
        self.may_manage = may_manage
        if not may_manage:
            kwargs.setdefault("exclude", ("actions",))
        super().__init__(*args, **kwargs)

    def render_actions(self, record):
        # rendered with the request (RequestConfig sets it): the menu's forms need the CSRF token
        return render_cell_with_forms(
            "customers/partials/_storefront_user_actions.html",
            {"record": record, "table": self},
            getattr(self, "request", None),
        )

    def render_language(self, record):
        return record.user.get_language_display()

    def render_date_format(self, record):
        return record.user.get_date_format_display()

    def render_name(self, record, value):
        # email and role under the name: the table fits beside the record's side panel
        return format_html(
            '{}<br><span class="small">{}</span><br><span class="small muted">{}</span>',
            value,
            record.user.email,
            record.get_role_display(),
        )

    def render_status(self, record):
        return format_html(
            '<span class="badge {}" data-testid="storefront-status">{}</span>',
            STATUS_BADGE[record.status],
            record.get_status_display(),
        )
