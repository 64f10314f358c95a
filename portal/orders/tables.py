"""Tables of the orders area (django-tables2); the export reads the same columns."""

import django_tables2 as tables
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.core.csrf_placeholder import render_cell_with_forms
from portal.core.tables import STAND_IN_KEY, PortalTable
from portal.core.templatetags.portal_format import userdate

from .models import Order, Product
from .templatetags.money import money

# a person symbol for customer orders (SVG: no emoji font needed, no script, CSP intact)
PERSON_ICON = (
    '<svg width="14" height="14" viewBox="0 0 16 16" role="img" aria-label="{0}"><title>{0}'
    '</title><circle cx="8" cy="5" r="3.2" fill="currentColor"></circle>'
    '<path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" fill="currentColor"></path></svg>'
)
NUM = {"th": {"class": "num"}, "td": {"class": "num nowrap"}}
NOWRAP = {"td": {"class": "nowrap"}}  # an order number or a date broken over lines reads badly
# the statuses orders/partials/_order_actions.html offers a menu for
DECIDABLE = {"pending_approval", "in_progress"}
NO_ACTIONS = mark_safe('<span class="muted">—</span>')  # noqa: S308 - a constant
# the badge of orders/partials/_status.html, without a template per row
STATUS_TONE = {"executed": "ok", "canceled": "bad", "pending_approval": "warn"}


def _once_per_page(table, name: str, value, write):
    """What `write()` gives for `value`, written once per page: a cell that shows one of a few
    values (a status, who placed the order) is the same HTML on every row that has it."""
    written = table.__dict__.setdefault(f"_written_{name}", {})
    if value not in written:
        written[value] = write()
    return written[value]


class PlacedByColumn(tables.Column):
    def render(self, value, record, table):
        return _once_per_page(table, "placed_by", record.placed_by, lambda: self.write(record))

    @staticmethod
    def write(record):
        if record.placed_by == Order.PlacedBy.CUSTOMER:
            label = _("Placed by the customer")
            return format_html(PERSON_ICON, label)
        return format_html('<span class="muted" title="{0}">{0}</span>', _("Reseller"))


class ActionsColumn(tables.Column):
    """The three-dot menu, rendered with the request (csrf token, the member's permissions).

    The menu differs from row to row only by the order's key and number: it is rendered once per
    page and status, for a stand-in order, and each row's key and number put in its place."""

    def render(self, record, table):
        if record.status not in DECIDABLE:  # most rows: no menu, no template
            return NO_ACTIONS
        menu = _once_per_page(
            table, "actions", record.status, lambda: _MenuOfStatus(record.status, table)
        )
        return menu.of(record)


# the stand-in's number: nothing else on a menu reads like it (its key: core.tables.STAND_IN_KEY)
_STAND_IN_NUMBER = "ORD-STAND-IN-5E1F"


class _MenuOfStatus:
    def __init__(self, status: str, table):
        self.request = getattr(table, "portal_request", None)
        stand_in = Order(pk=STAND_IN_KEY, number=_STAND_IN_NUMBER, status=status)
        html = self._render(stand_in)
        # the menu comes back to the address with its query: if someone searched for the
        # stand-in's very key or number, each row is rendered as it is
        address = self.request.get_full_path() if self.request is not None else ""
        if str(STAND_IN_KEY) in address or _STAND_IN_NUMBER in address:
            self.pieces = None
        else:
            self.pieces = [part.split(str(STAND_IN_KEY)) for part in html.split(_STAND_IN_NUMBER)]

    def _render(self, order) -> str:
        return render_cell_with_forms(
            "orders/partials/_order_actions.html", {"record": order}, self.request
        )

    def of(self, order) -> str:
        if self.pieces is None:
            return mark_safe(self._render(order))  # noqa: S308 - the template's own HTML
        key, number = str(int(order.pk)), escape(order.number)
        html = number.join(key.join(parts) for parts in self.pieces)
        return mark_safe(html)  # noqa: S308 - the template's HTML; the number is escaped


class OrderTable(PortalTable):
    number = tables.Column(
        verbose_name=_("Order #"), linkify=("orders:detail", [tables.A("pk")]), attrs=NOWRAP
    )
    placed_by = PlacedByColumn(verbose_name=_("Placed by"), orderable=False)
    customer = tables.Column(verbose_name=_("Customer"), accessor="customer__name")
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.Column(verbose_name=_("Order date"), attrs=NOWRAP)
    total_cost = tables.Column(verbose_name=_("Total cost"), attrs=NUM)
    total_amount = tables.Column(verbose_name=_("Total amount"), attrs=NUM)
    actions = ActionsColumn(verbose_name=_("Actions"), orderable=False, empty_values=())

    class Meta:
        model = Order
        fields = (
            "number",
            "placed_by",
            "customer",
            "status",
            "created_at",
            "total_cost",
            "total_amount",
            "actions",
        )
        order_by = ("-created_at",)
        empty_text = _("No orders match.")

    def render_status(self, record):
        return _once_per_page(
            self,
            "status",
            record.status,
            lambda: format_html(
                '<span class="badge badge--{} {}">{}</span>',
                record.status,
                STATUS_TONE.get(record.status, "info"),
                record.get_status_display(),
            ),
        )

    def render_created_at(self, value):
        return userdate(value)

    def render_total_cost(self, value, record):
        return money(value, record.currency)

    def render_total_amount(self, value, record):
        return money(value, record.currency)


class StoreOrderTable(OrderTable):
    """The storefront's view: never the reseller's cost (SHOP-2)."""

    number = tables.Column(
        verbose_name=_("Order #"), linkify=("store_orders:detail", [tables.A("pk")]), attrs=NOWRAP
    )

    class Meta(OrderTable.Meta):
        exclude = ("total_cost", "actions", "customer")


def order_export_rows(orders):
    """The export's rows: the table's columns as plain values."""
    for order in orders.iterator(chunk_size=2000):
        yield [
            order.number,
            order.get_placed_by_display(),
            order.customer.name,
            order.get_status_display(),
            order.created_at,
            order.total_cost,
            order.total_amount,
            order.currency,
        ]


ORDER_EXPORT_HEADERS = [
    _("Order #"),
    _("Placed by"),
    _("Customer"),
    _("Status"),
    _("Order date"),
    _("Total cost"),
    _("Total amount"),
    _("Currency"),
]


class ProductTable(PortalTable):
    name = tables.Column(verbose_name=_("Name"), linkify=("console:product", [tables.A("pk")]))
    sku = tables.Column(verbose_name=_("SKU"))
    kind = tables.Column(verbose_name=_("Kind"))
    billing_period = tables.Column(verbose_name=_("Billing period"), default="—")
    auto_provisioned = tables.BooleanColumn(verbose_name=_("Auto-provisioned"))
    currency = tables.Column(verbose_name=_("Currency"))
    is_active = tables.BooleanColumn(verbose_name=_("On sale"))

    class Meta:
        model = Product
        fields = (
            "name",
            "sku",
            "kind",
            "billing_period",
            "auto_provisioned",
            "currency",
            "is_active",
        )
        order_by = ("name",)
        empty_text = _("No products yet.")
