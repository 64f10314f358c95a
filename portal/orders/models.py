"""The catalogue (SHOP-1), orders with their approval state machine (SHOP-2, SHOP-3, CUST-5),
subscriptions and assets (SHOP-5) and the single sign-on tickets into the distributor's
workspace (CUST-7).

The catalogue lives here rather than in a package of its own: a product's price is only ever read
to price an order line, and the markup is the reseller's side of the same sum, so one package keeps
the whole "what does this line cost" answer in one place. Invoices, payments and billing runs live
in `portal.billing`, which reads subscriptions and assets from here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import ResellerColumnMixin, Scope, ScopedQuerySet
from portal.core.validators import validate_single_line
from portal.tenancy.models import Organization

from .money import MAX_MARKUP_PERCENT

MONEY = {"max_digits": 14, "decimal_places": 2}


class Currency(models.TextChoices):
    PLN = "PLN", "PLN"
    EUR = "EUR", "EUR"
    HUF = "HUF", "HUF"
    USD = "USD", "USD"


class BillingPeriod(models.IntegerChoices):
    MONTH = 1, _("Monthly")
    HALF_YEAR = 6, _("Every 6 months")
    YEAR = 12, _("Yearly")
    THREE_YEARS = 36, _("Every 36 months")


class AssetKind(models.TextChoices):
    LICENSE = "license", _("License")
    RESERVATION = "reservation", _("Reservation")
    SERVICE = "service", _("One-time service")


class Product(TimeStampedModel):
    """A product of the vendor's catalogue. Not an organization's data: every partner reads the
    catalogue; what it pays depends on its tier (ProductPrice)."""

    class Kind(models.TextChoices):
        ONE_TIME = "one_time", _("One-time")
        RECURRING = "recurring", _("Recurring")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    sku = models.CharField(_("SKU"), max_length=40, unique=True, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    billing_period = models.PositiveSmallIntegerField(
        _("billing period"), choices=BillingPeriod, null=True, blank=True
    )
    asset_kind = models.CharField(
        _("asset kind"), max_length=12, choices=AssetKind, default=AssetKind.LICENSE
    )
    auto_provisioned = models.BooleanField(_("auto-provisioned"), default=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default="PLN")
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="recurring", billing_period__in=[1, 6, 12, 36])
                | Q(kind="one_time", billing_period__isnull=True),
                name="product_period_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    @property
    def is_recurring(self) -> bool:
        return self.kind == self.Kind.RECURRING


class ProductPrice(models.Model):
    """What a partner of one tier pays for one unit (SHOP-1). No row: not sold to that tier."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    tier = models.CharField(_("tier"), max_length=12, choices=Organization.Tier)
    cost = models.DecimalField(_("cost"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["product", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["product", "tier"], name="product_price_one_per_tier"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.tier}: {self.cost}"


class Markup(TimeStampedModel):
    """A reseller's markup in percent: overall (no product) or for one product (SHOP-1)."""

    reseller = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="markups")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    percent = models.DecimalField(
        _("markup (%)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MARKUP_PERCENT)],
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "reseller"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reseller", "product"], name="markup_one_per_product"),
            models.UniqueConstraint(
                fields=["reseller"],
                condition=Q(product__isnull=True),
                name="markup_one_overall",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=MAX_MARKUP_PERCENT),
                name="markup_within_0_1000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reseller_id}/{self.product_id}: {self.percent}%"


class CustomerOrderSettings(TimeStampedModel):
    """The per-customer "Order approval required" switch (CUST-5). Without a row approval is
    required (the safe side); a credit-card reseller's customers always need it, whatever the
    switch says (`selectors.approval_required`)."""

    customer = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="order_settings"
    )
    approval_required = models.BooleanField(_("order approval required"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"

    def __str__(self) -> str:
        return f"order settings of {self.customer_id}"


class OrderStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Pending Reseller Approval")
    IN_PROGRESS = "in_progress", _("In Progress")
    EXECUTED = "executed", _("Executed")
    CANCELED = "canceled", _("Canceled")


# The state machine of SHOP-3: from → the statuses it may move to. Executed and Canceled are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_APPROVAL: frozenset(
        {OrderStatus.IN_PROGRESS, OrderStatus.EXECUTED, OrderStatus.CANCELED}
    ),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.EXECUTED, OrderStatus.CANCELED}),
    OrderStatus.EXECUTED: frozenset(),
    OrderStatus.CANCELED: frozenset(),
}


class Order(ResellerColumnMixin, TimeStampedModel):
    """One order of one customer (SHOP-2). Totals are stored (sums of the lines, exact) so that
    lists and exports never recompute them."""

    class PlacedBy(models.TextChoices):
        RESELLER = "reseller", _("Reseller")
        CUSTOMER = "customer", _("Customer")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    customer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="orders")
    # The customer's reseller when the order was placed: the list of all its orders is one index.
    reseller = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    placed_by = models.CharField(_("placed by"), max_length=10, choices=PlacedBy)
    placed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    total_cost = models.DecimalField(_("total cost"), **MONEY)
    total_amount = models.DecimalField(_("total amount"), **MONEY)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"
    scope_reseller_field = "reseller"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["reseller", "-created_at"], name="order_reseller_recent"),
            models.Index(fields=["customer", "-created_at"], name="order_customer_recent"),
            models.Index(fields=["status", "reseller"], name="order_status_reseller"),
            # a reseller's orders in one status, newest first (the status filter of the table)
            models.Index(
                fields=["reseller", "status", "-created_at"], name="order_reseller_status_recent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cost__gte=0, total_amount__gte=0), name="order_totals_positive"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def organization(self) -> Organization:  # the audit trail files the event under the customer
        return self.customer

    def may_become(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_cost = models.DecimalField(_("unit cost"), **MONEY)
    markup_percent = models.DecimalField(max_digits=7, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    line_cost = models.DecimalField(_("cost"), **MONEY)
    line_amount = models.DecimalField(_("amount"), **MONEY)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "order__customer"

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="order_line_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.quantity} × {self.product_id}"


class OrderTransition(models.Model):
    """Who moved an order from which status to which, and when (SHOP-3)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=OrderStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    by_organization = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "order__customer"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CANCELED = "canceled", _("Canceled")


class Subscription(ResellerColumnMixin, TimeStampedModel):
    """A recurring line of an executed order (SHOP-5). Invoiced in advance, one period at a time,
    from `next_invoice_on` (BILL-1, BILL-2)."""

    customer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="subscriptions"
    )
    # The customer's reseller, as on the order: a reseller's run rate and its trend read their
    # own subscriptions from one index instead of joining every subscription to its customer.
    reseller = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    order_line = models.OneToOneField(
        OrderLine, on_delete=models.PROTECT, related_name="subscription"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    period_months = models.PositiveSmallIntegerField(_("billing period"), choices=BillingPeriod)
    # per period, for the whole quantity (what one invoice line of this subscription says)
    period_amount = models.DecimalField(_("amount per period"), **MONEY)
    period_cost = models.DecimalField(_("cost per period"), **MONEY)
    # period_amount normalised to one month, rounded to the cent: the run rate reads it (SHOP-5)
    monthly_amount = models.DecimalField(_("monthly amount"), **MONEY)
    status = models.CharField(
        _("status"), max_length=12, choices=SubscriptionStatus, default=SubscriptionStatus.ACTIVE
    )
    started_on = models.DateField(_("started"))
    next_invoice_on = models.DateField(_("next invoice"))
    canceled_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"
    scope_reseller_field = "reseller"

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["customer", "status"], name="subscription_customer_status"),
            # a reseller's active subscriptions, and the few in other currencies than the
            # reporting one (the run rate per currency beside the kept one)
            models.Index(
                fields=["reseller", "status", "currency"],
                name="subscription_reseller_currency",
            ),
            models.Index(
                fields=["next_invoice_on"],
                condition=Q(status="active"),
                name="subscription_due",
            ),
        ]

    def __str__(self) -> str:
        return f"subscription {self.pk} of {self.customer_id}"

    @property
    def organization(self) -> Organization:
        return self.customer


class SubscriptionSuspension(models.Model):
    """One period during which a subscription was suspended (SHOP-5): from the suspension to the
    resumption, open (`resumed_at` empty) while it lasts. Written by `subscription_change`; the
    subscription page lists them and the 12-month run-rate trend leaves a subscription out of the
    months that end inside one. A subscription canceled while suspended keeps its period open:
    it never contributed again."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="suspensions"
    )
    # the subscription's reseller: a reseller's trend reads its few suspensions from their own
    # index, not by walking its 100,000 subscriptions to find the ones suspended
    reseller = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    suspended_at = models.DateTimeField(_("suspended"))
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    resumed_at = models.DateTimeField(_("resumed"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "subscription__customer"
    scope_reseller_field = "reseller"

    class Meta:
        ordering = ["suspended_at", "pk"]
        constraints = [
            # at most one open period per subscription
            models.UniqueConstraint(
                fields=["subscription"],
                condition=Q(resumed_at__isnull=True),
                name="subscription_one_open_suspension",
            ),
            models.CheckConstraint(
                condition=Q(resumed_at__isnull=True) | Q(resumed_at__gte=models.F("suspended_at")),
                name="suspension_resumed_after_suspended",
            ),
        ]

    def __str__(self) -> str:
        return f"suspension of {self.subscription_id} from {self.suspended_at:%Y-%m-%d}"


class Asset(TimeStampedModel):
    """A one-time line of an executed order: a license, a reservation or a one-time service
    (SHOP-5), invoiced once (BILL-1)."""

    customer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="assets")
    order_line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="asset")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=AssetKind)
    quantity = models.PositiveIntegerField(_("quantity"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    amount = models.DecimalField(_("amount"), **MONEY)
    delivered_on = models.DateField(_("delivered"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["customer", "delivered_on"], name="asset_customer")]

    def __str__(self) -> str:
        return f"asset {self.pk} of {self.customer_id}"

    @property
    def organization(self) -> Organization:
        return self.customer


class CustomerRunRate(models.Model):
    """A customer's monthly run rate and whether it transacts (SHOP-5, CUST-2): a maintained copy,
    one row per customer organization, so that My Customers sorts and sums 100,000 customers by
    reading one indexed column instead of summing subscriptions.

    The orders area owns it because only the orders area changes subscriptions and assets: every
    service that does rewrites the row in the same transaction, under its row lock, from the
    active subscriptions in the reporting currency (`services.customer_figures_refresh`, the
    same definition as `selectors.with_run_rate`). The customers area only reads it.
    """

    customer = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="run_rate_record"
    )
    monthly_run_rate = models.DecimalField(
        _("monthly run rate"), **MONEY, default=Decimal("0.00"), db_index=True
    )
    # at least one active subscription (any currency) or an asset
    transacting = models.BooleanField(_("transacting"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"

    class Meta:
        verbose_name = _("customer run rate")
        verbose_name_plural = _("customer run rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_run_rate__gte=0), name="run_rate_record_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"run rate of {self.customer_id}: {self.monthly_run_rate}"


class CustomerTotals(models.Model):
    """A reseller's customers counted (all, active, transacting: CUST-2) and their run rates
    summed: a maintained copy, one row per reseller, so that the home and My Customers read four
    numbers instead of counting 100,000 customers on the first view after each change.

    Kept by difference, in the transaction of the change: creating a customer, changing whether
    it is active and rewriting its `CustomerRunRate` each add what they changed
    (`services.customer_totals_add`: an UPDATE with F(), which waits for a concurrent one and
    adds to its result). A reseller without a row is counted when a change first reaches it and
    read by counting until then. `services.customer_figures_rebuild` counts every reseller again
    (the bulk loaders); the daily job `orders.customer_totals_check` compares each copy with a
    count and sets it right.
    """

    reseller = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # no constraints: a copy gone wrong must not refuse a customer's change (the check repairs it)
    customers = models.IntegerField(default=0)
    active = models.IntegerField(default=0)
    transacting = models.IntegerField(default=0)
    run_rate = models.DecimalField(**MONEY, default=Decimal("0.00"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "reseller"

    class Meta:
        verbose_name = _("customer totals")
        verbose_name_plural = _("customer totals")

    def __str__(self) -> str:
        return f"customers of {self.reseller_id}: {self.customers}"


class WorkspaceSection(models.TextChoices):
    SERVICES = "services", _("Manage services")
    SUBSCRIPTIONS = "subscriptions", _("Manage subscriptions")
    ASSETS = "assets", _("Manage assets")


class WorkspaceTicket(models.Model):
    """A single-use, short-lived sign-on into the distributor's workspace for one customer and one
    section (CUST-7). The link carries a signed id and nonce; only the row makes it single-use."""

    customer = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    issued_to = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=16, choices=WorkspaceSection)
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"

    def __str__(self) -> str:
        return f"workspace ticket {self.pk}"


class RunRateMonthEnd(models.Model):
    """The run rate at the end of a month that is over, as one organization's 12-month trend
    shows it to readers in one time zone (a month ends at local midnight) in the reporting
    currency: kept, because no service changes a month that is over (each dates what it changes
    now), so the trend sums every subscription of the organization's scope once per month
    instead of on every first view after a change (42-56 ms over a reseller's 100,000).

    Written by the trend the first time it needs a month (`selectors.run_rate_history`);
    forgotten by the loaders that write history behind the services
    (`services.run_rate_month_ends_forget`).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    time_zone = models.CharField(max_length=64)
    currency = models.CharField(max_length=3, choices=Currency)
    month = models.DateField()  # its first day
    run_rate = models.DecimalField(**MONEY)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        verbose_name = _("run rate at a month-end")
        verbose_name_plural = _("run rates at month-ends")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "time_zone", "currency", "month"],
                name="run_rate_month_end_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m} {self.time_zone}: {self.run_rate}"
