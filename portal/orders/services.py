"""Writes of the orders area: the catalogue and markups, the approval switch, placing orders and
moving them through the state machine of SHOP-3, subscriptions, and the workspace sign-on tickets.

Every function takes the acting member, checks the policy, runs in a transaction and audits.
Anything two people can race (deciding an order, changing a subscription, redeeming a ticket) is
done under a row lock or as a conditional update, and the loser gets a DomainError that says what
happened.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policies import can, require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.core.sequences import sequence_format, sequence_next
from portal.mail.services import email_queue_template
from portal.tenancy.actor import Actor
from portal.tenancy.models import Organization, OrganizationKind

from . import money
from .models import (
    TRANSITIONS,
    Asset,
    CustomerOrderSettings,
    CustomerRunRate,
    CustomerTotals,
    Markup,
    Order,
    OrderLine,
    OrderStatus,
    OrderTransition,
    Product,
    ProductPrice,
    RunRateMonthEnd,
    Subscription,
    SubscriptionStatus,
    SubscriptionSuspension,
    WorkspaceSection,
    WorkspaceTicket,
)
from .selectors import (
    approval_required,
    customer_figures,
    customer_totals_counts,
    markups_of,
    reseller_requires_approval,
    tier_of_value,
)
from .verbs import OrdersVerb

MAX_QUANTITY = 10_000
ZERO = Decimal("0.00")
EMPTY_TOTALS = {"customers": 0, "active": 0, "transacting": 0, "run_rate": ZERO}


def APPROVAL_LOCKED_MESSAGE() -> str:  # noqa: N802 - the banner's sentence (CUST-5)
    return _(
        "The payment method set by your distributor requires order approval for all customers."
    )


MAX_LINES = 50
WORKSPACE_TICKET_SECONDS = 60
WORKSPACE_SALT = "portal.orders.workspace"
# Beside "workspace.enter", what each quick action needs (CUST-7: only what the member may use).
WORKSPACE_PERMISSIONS = {
    WorkspaceSection.SERVICES: "orders.view",
    WorkspaceSection.SUBSCRIPTIONS: "orders.view",
    WorkspaceSection.ASSETS: "billing.view",
}


# ------------------------------------------------------------------ catalogue


@transaction.atomic
def product_save(
    *,
    actor: Actor,
    product: Product | None = None,
    name: str,
    sku: str,
    kind: str,
    billing_period: int | None,
    asset_kind: str,
    auto_provisioned: bool,
    currency: str,
    is_active: bool = True,
    prices: dict[str, Decimal | None],
) -> Product:
    """Create or change a product and its cost per tier (a tier without a cost: not sold to it)."""
    require(actor, "console.catalog.manage")
    if product is None:
        product = Product()
    else:
        product = Product.objects.select_for_update().get(pk=product.pk)
    if kind == Product.Kind.ONE_TIME:
        billing_period = None
    elif not billing_period:
        raise DomainError(_("A recurring product needs a billing period."), field="billing_period")
    product.name, product.sku, product.kind = name, sku, kind
    product.billing_period, product.asset_kind = billing_period, asset_kind
    product.auto_provisioned, product.currency, product.is_active = (
        auto_provisioned,
        currency,
        is_active,
    )
    product.full_clean()
    product.save()
    for tier, cost in prices.items():
        if cost is None:
            ProductPrice.objects.filter(product=product, tier=tier).delete()
            continue
        price = ProductPrice.objects.filter(product=product, tier=tier).first() or ProductPrice(
            product=product, tier=tier
        )
        price.cost = money.cents(cost)
        price.full_clean()
        price.save()
    audit_record(
        actor=actor, verb=OrdersVerb.PRODUCT_SAVED, target=product, data={"sku": product.sku}
    )
    return product


def _percent(value) -> Decimal:
    try:
        percent = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), field="percent") from None
    if not percent.is_finite() or not (0 <= percent <= money.MAX_MARKUP_PERCENT):
        raise DomainError(_("The markup must be between 0 and 1000 %."), field="percent")
    return percent.quantize(Decimal("0.01"))


@transaction.atomic
def markup_set(*, actor: Actor, product: Product | None, percent) -> Markup | None:
    """The reseller's markup, overall (product None) or for one product; None removes it."""
    require(actor, "orders.markup")
    reseller = actor.organization
    existing = Markup.objects.select_for_update().filter(reseller=reseller, product=product).first()
    if percent is None or percent == "":
        if existing:
            existing.delete()
        audit_record(
            actor=actor,
            verb=OrdersVerb.MARKUP_SET,
            target=reseller,
            data={"product": product.sku if product else None, "percent": None},
        )
        return None
    markup = existing or Markup(reseller=reseller, product=product)
    markup.percent = _percent(percent)
    markup.full_clean()
    markup.save()
    audit_record(
        actor=actor,
        verb=OrdersVerb.MARKUP_SET,
        target=reseller,
        data={"product": product.sku if product else None, "percent": str(markup.percent)},
    )
    return markup


# ------------------------------------------------------------------ approval switch (CUST-5)


@transaction.atomic
def approval_set(*, actor: Actor, customer: Organization, required: bool) -> bool:
    """Turn "Order approval required" on or off for one customer; refused (locked on) when the
    reseller pays by credit card. Returns the setting in force."""
    require(actor, "orders.approve")
    _own_customer(actor, customer)
    if not required and reseller_requires_approval(customer.parent):
        raise DomainError(APPROVAL_LOCKED_MESSAGE())
    settings_row, _created = CustomerOrderSettings.objects.select_for_update().get_or_create(
        customer=customer
    )
    settings_row.approval_required = required
    settings_row.full_clean()
    settings_row.save()
    audit_record(
        actor=actor, verb=OrdersVerb.APPROVAL_SET, target=customer, data={"required": required}
    )
    return required


def _own_customer(actor: Actor, customer: Organization) -> None:
    """A reseller acts for its own customers only (the views already gave a 404 for others)."""
    if customer.kind != OrganizationKind.CUSTOMER or customer.parent_id != actor.organization.pk:
        raise DomainError(_("This customer is not yours."))


# ------------------------------------------------------------------ placing orders (SHOP-2)


@dataclass(frozen=True)
class LineRequest:
    product_id: int
    quantity: int


@transaction.atomic
def order_place(*, actor: Actor, customer: Organization, lines: list[LineRequest]) -> Order:
    """Place an order for a customer: by the reseller (orders.place) or by the customer's own
    storefront user (store.orders.place). Prices are the reseller's tier cost and its markup,
    rounded per unit; the order waits for approval, or is executed or put in progress at once."""
    if actor.realm == "customer":
        require(actor, "store.orders.place")
        if customer.pk != actor.organization.pk:
            raise DomainError(_("You can order only for your own company."))
        placed_by = Order.PlacedBy.CUSTOMER
    else:
        require(actor, "orders.place")
        _own_customer(actor, customer)
        placed_by = Order.PlacedBy.RESELLER
    reseller = customer.parent
    priced = _price_lines(reseller=reseller, lines=lines)
    currencies = {product.currency for product, *_rest in priced}
    if len(currencies) > 1:
        raise DomainError(
            _("Products in different currencies go in separate orders."), field="lines"
        )
    order = Order(
        customer=customer,
        reseller=reseller,
        placed_by=placed_by,
        placed_by_user=actor.user,
        status=OrderStatus.PENDING_APPROVAL,
        currency=currencies.pop(),
        total_cost=sum((line.line_cost for _p, line in priced), Decimal("0.00")),
        total_amount=sum((line.line_amount for _p, line in priced), Decimal("0.00")),
    )
    year = timezone.localdate().year
    # the gap-free number last: its row lock is held until this transaction commits
    order.number = sequence_format("ORD", year, sequence_next(name="order", year=year))
    order.full_clean()
    order.save()
    for _product, line in priced:
        line.order = order
        line.full_clean()
    OrderLine.objects.bulk_create([line for _product, line in priced])
    audit_record(
        actor=actor,
        verb=OrdersVerb.ORDER_PLACED,
        target=order,
        data={"number": order.number, "total_amount": str(order.total_amount)},
    )
    if placed_by == Order.PlacedBy.CUSTOMER and approval_required(customer):
        _record_transition(order, "", OrderStatus.PENDING_APPROVAL, actor)
        return order
    _proceed(order, actor, from_status="")
    return order


def _price_lines(*, reseller: Organization, lines: list[LineRequest]):
    if not lines:
        raise DomainError(_("Add at least one product."), field="lines")
    if len(lines) > MAX_LINES:
        raise DomainError(_("An order has at most 50 lines."), field="lines")
    for line in lines:
        if not isinstance(line.quantity, int) or line.quantity <= 0:
            raise DomainError(_("Quantities must be whole numbers above zero."), field="lines")
        if line.quantity > MAX_QUANTITY:
            raise DomainError(_("At most 10,000 of a product in one order."), field="lines")
    ids = {line.product_id for line in lines}
    products = Product.objects.in_bulk(ids)
    if len(products) != len(ids) or not all(p.is_active for p in products.values()):
        raise DomainError(_("Unknown product."), field="lines")
    tier = tier_of_value(reseller.tier)
    costs = dict(
        ProductPrice.objects.filter(product_id__in=ids, tier=tier).values_list("product_id", "cost")
    )
    missing = [products[i].name for i in ids if i not in costs]
    if missing:
        raise DomainError(
            _("Not sold to your partner tier: %(products)s.") % {"products": ", ".join(missing)},
            field="lines",
        )
    markups = markups_of(reseller=reseller)
    priced = []
    for request in lines:
        product = products[request.product_id]
        cost = costs[product.pk]
        percent = markups.get(product.pk, markups.get(None, Decimal("0")))
        unit_price = money.price_with_markup(cost, percent)
        priced.append(
            (
                product,
                OrderLine(
                    product=product,
                    quantity=request.quantity,
                    unit_cost=cost,
                    markup_percent=percent,
                    unit_price=unit_price,
                    line_cost=money.line_total(cost, request.quantity),
                    line_amount=money.line_total(unit_price, request.quantity),
                ),
            )
        )
    return priced


# ------------------------------------------------------------------ the state machine (SHOP-3)


def _record_transition(order: Order, from_status: str, to_status: str, actor: Actor | None):
    if from_status and to_status not in TRANSITIONS[from_status]:
        raise DomainError(_("This order cannot move to that status."))
    OrderTransition.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        by=actor.user if actor else None,
        by_organization=actor.organization if actor else None,
    )
    order.status = to_status
    order.save(update_fields=["status", "updated_at"])


def _proceed(order: Order, actor: Actor, *, from_status: str) -> None:
    """Accepted or not needing approval: executed when every line provisions itself, else in
    progress until the distributor marks it provisioned."""
    lines = list(order.lines.select_related("product"))
    if all(line.product.auto_provisioned for line in lines):
        _record_transition(order, from_status, OrderStatus.EXECUTED, actor)
        _deliver(order, lines)
    else:
        _record_transition(order, from_status, OrderStatus.IN_PROGRESS, actor)


def _deliver(order: Order, lines: list[OrderLine], today: date | None = None) -> None:
    """An executed order's subscriptions (recurring lines) and assets (the others) (SHOP-5)."""
    today = today or timezone.localdate()
    subscriptions, assets = [], []
    for line in lines:
        product = line.product
        if product.is_recurring:
            subscriptions.append(
                Subscription(
                    customer_id=order.customer_id,
                    reseller_id=order.reseller_id,
                    order_line=line,
                    product=product,
                    quantity=line.quantity,
                    currency=order.currency,
                    period_months=product.billing_period,
                    period_amount=line.line_amount,
                    period_cost=line.line_cost,
                    monthly_amount=money.monthly(line.line_amount, product.billing_period),
                    started_on=today,
                    # billed in advance: the first period is invoiced on the first billing run
                    next_invoice_on=today,
                )
            )
        else:
            assets.append(
                Asset(
                    customer_id=order.customer_id,
                    order_line=line,
                    product=product,
                    kind=product.asset_kind,
                    quantity=line.quantity,
                    currency=order.currency,
                    amount=line.line_amount,
                    delivered_on=today,
                )
            )
    Subscription.objects.bulk_create(subscriptions)
    Asset.objects.bulk_create(assets)
    customer_figures_refresh(customer_ids=[order.customer_id])


def _lock(order: Order) -> Order:
    # the order's row alone, as no-key: the customer is read, not changed, and a concurrent
    # commit's deferred foreign-key checks take key-share locks on both
    return (
        Order.objects.select_for_update(of=("self",), no_key=True)
        .select_related("customer")
        .get(pk=order.pk)
    )


@transaction.atomic
def order_accept(*, actor: Actor, order: Order) -> Order:
    require(actor, "orders.decide", order)
    order = _lock(order)
    if order.status != OrderStatus.PENDING_APPROVAL:
        raise DomainError(_("This order has already been decided."))
    _proceed(order, actor, from_status=OrderStatus.PENDING_APPROVAL)
    audit_record(actor=actor, verb=OrdersVerb.ORDER_ACCEPTED, target=order)
    _notify_customer(order, "orders/email/order_accepted")
    return order


@transaction.atomic
def order_cancel(*, actor: Actor, order: Order) -> Order:
    require(actor, "orders.decide", order)
    order = _lock(order)
    if order.status not in (OrderStatus.PENDING_APPROVAL, OrderStatus.IN_PROGRESS):
        raise DomainError(_("This order has already been decided."))
    previous = order.status
    _record_transition(order, previous, OrderStatus.CANCELED, actor)
    audit_record(actor=actor, verb=OrdersVerb.ORDER_CANCELED, target=order)
    if previous == OrderStatus.PENDING_APPROVAL:
        _notify_customer(order, "orders/email/order_canceled")
    return order


@transaction.atomic
def order_mark_provisioned(*, actor: Actor, order: Order) -> Order:
    """The distributor has provisioned an in-progress order: it is executed."""
    require(actor, "orders.provision")
    order = _lock(order)
    if order.status != OrderStatus.IN_PROGRESS:
        raise DomainError(_("Only orders in progress can be marked provisioned."))
    _record_transition(order, OrderStatus.IN_PROGRESS, OrderStatus.EXECUTED, actor)
    _deliver(order, list(order.lines.select_related("product")))
    audit_record(actor=actor, verb=OrdersVerb.ORDER_PROVISIONED, target=order)
    return order


def _notify_customer(order: Order, template: str) -> None:
    """The customer's person who placed the order hears of the decision (in their language)."""
    if order.placed_by != Order.PlacedBy.CUSTOMER:
        return
    user = User.objects.get(pk=order.placed_by_user_id)
    email_queue_template(
        to=user.email,
        template=template,
        context={
            "user": user,
            "order": order,
            "reseller": order.customer.parent,
            "link": settings.PORTAL_BASE_URL
            + reverse("store_orders:detail", kwargs={"order_id": order.pk}),
        },
        language=user.language,
    )


# ------------------------------------------------------------------ subscriptions (SHOP-5)

SUBSCRIPTION_MOVES = {
    "suspend": ({SubscriptionStatus.ACTIVE}, SubscriptionStatus.SUSPENDED),
    "resume": ({SubscriptionStatus.SUSPENDED}, SubscriptionStatus.ACTIVE),
    "cancel": (
        {SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED},
        SubscriptionStatus.CANCELED,
    ),
}
SUBSCRIPTION_VERBS = {
    "suspend": OrdersVerb.SUBSCRIPTION_SUSPENDED,
    "resume": OrdersVerb.SUBSCRIPTION_RESUMED,
    "cancel": OrdersVerb.SUBSCRIPTION_CANCELED,
}


@transaction.atomic
def subscription_change(*, actor: Actor, subscription: Subscription, action: str) -> Subscription:
    """Suspend, resume or cancel. A suspension is recorded as a dated period, closed on resumption.
    A resumed subscription is not invoiced for the suspended time: its next invoice moves to
    today when it lay in the past."""
    require(actor, "subscriptions.manage")
    if action not in SUBSCRIPTION_MOVES:
        raise DomainError(_("Unknown action."))
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    _own_customer(actor, subscription.customer)
    allowed_from, to_status = SUBSCRIPTION_MOVES[action]
    if subscription.status not in allowed_from:
        raise DomainError(
            _("This subscription is already %(status)s.")
            % {"status": subscription.get_status_display().lower()}
        )
    now = timezone.now()
    subscription.status = to_status
    fields = ["status", "updated_at"]
    if to_status == SubscriptionStatus.CANCELED:
        subscription.canceled_at = now
        fields.append("canceled_at")
    # the dated suspension periods (the subscription page, the run-rate trend)
    if action == "suspend":
        SubscriptionSuspension.objects.create(
            subscription=subscription,
            reseller_id=subscription.reseller_id,
            suspended_at=now,
            suspended_by=actor.user,
        )
    elif action == "resume":
        SubscriptionSuspension.objects.filter(
            subscription=subscription, resumed_at__isnull=True
        ).update(resumed_at=now, resumed_by=actor.user)
    if action == "resume":
        subscription.next_invoice_on = max(subscription.next_invoice_on, timezone.localdate())
        fields.append("next_invoice_on")
    subscription.save(update_fields=fields)
    customer_figures_refresh(customer_ids=[subscription.customer_id])
    audit_record(actor=actor, verb=SUBSCRIPTION_VERBS[action], target=subscription)
    return subscription


# ------------------------------------------------------------------ the customer's run rate


def customer_figures_refresh(*, customer_ids) -> None:
    """Rewrite the stored run rate and "transacting" flag of these customers from their
    subscriptions and assets (`CustomerRunRate`), and add the difference to their resellers'
    `CustomerTotals`. Every service that creates subscriptions or assets, or changes a
    subscription's status or amount, calls it inside its own transaction.

    The rows are locked first, in a statement of their own, and recomputed in the next one: under
    READ COMMITTED that second statement sees every change committed by whoever held the lock
    before, so two concurrent changes on one customer cannot leave a figure that misses one of
    them (an UPDATE that waited for the lock would have kept its old snapshot for the subquery).
    """
    ids = sorted(set(customer_ids))
    if not ids:
        return
    # a customer's first subscription or asset creates its row; a concurrent creator waits
    CustomerRunRate.objects.bulk_create(
        [CustomerRunRate(customer_id=pk) for pk in ids], ignore_conflicts=True
    )
    # in key order: two refreshes never deadlock
    rows = CustomerRunRate.objects.filter(pk__in=ids).order_by("pk")
    fields = ("pk", "customer__parent_id", "transacting", "monthly_run_rate")
    before = list(rows.select_for_update(of=("self",)).values_list(*fields))
    CustomerRunRate.objects.filter(pk__in=ids).update(
        **customer_figures(), updated_at=timezone.now()
    )
    after = {pk: (flag, rate) for pk, flag, rate in rows.values_list("pk", *fields[2:])}
    changes: dict[int, dict] = {}
    for pk, reseller_id, was_transacting, old_rate in before:
        is_transacting, new_rate = after[pk]
        change = changes.setdefault(reseller_id, {"transacting": 0, "run_rate": ZERO})
        change["transacting"] += int(is_transacting) - int(was_transacting)
        change["run_rate"] += new_rate - old_rate
    for reseller_id, change in sorted(changes.items()):
        customer_totals_add(reseller_id=reseller_id, **change)


def customer_figures_rebuild() -> int:
    """Every customer's row, recomputed in one set-based UPDATE, and every reseller's totals
    counted again, and the kept month-ends forgotten: for the bulk loaders (`seed_large_orders`)
    that insert subscriptions without the services. Takes no locks: not for use beside the
    services. Returns the number of rows."""
    missing = (
        Organization.objects.filter(kind=OrganizationKind.CUSTOMER, run_rate_record__isnull=True)
        .values_list("pk", flat=True)
        .iterator(chunk_size=5_000)
    )
    batch: list[CustomerRunRate] = []
    for pk in missing:
        batch.append(CustomerRunRate(customer_id=pk))
        if len(batch) == 5_000:
            CustomerRunRate.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    CustomerRunRate.objects.bulk_create(batch, ignore_conflicts=True)
    rows = CustomerRunRate.objects.update(**customer_figures(), updated_at=timezone.now())
    customer_totals_rebuild()
    run_rate_month_ends_forget()
    return rows


def run_rate_month_ends_forget() -> None:
    """Every kept month-end run rate (`RunRateMonthEnd`), for the loaders that write subscription
    history behind the services (seeding): the trends sum their months again."""
    RunRateMonthEnd.objects.all().delete()


def customer_totals_rebuild() -> None:
    """Every reseller's `CustomerTotals` counted again from its customers, for the bulk loaders
    that insert customers without the services. Takes no locks: not for use beside them."""
    CustomerTotals.objects.all().delete()
    CustomerTotals.objects.bulk_create(
        [
            CustomerTotals(reseller_id=reseller_id, **totals)
            for reseller_id, totals in customer_totals_counted().items()
        ],
        batch_size=5_000,
    )


def customer_figures_open(*, customer: Organization) -> None:
    """A new customer's row (zero, not transacting), so that sorting My Customers by run rate
    reads the indexed column for every customer; and one customer more in its reseller's
    totals."""
    _row, created = CustomerRunRate.objects.get_or_create(customer=customer)
    if not created:
        return  # opened before: already counted
    customer_totals_add(reseller_id=customer.parent_id, customers=1, active=int(customer.is_active))


def customer_totals_add(
    *, reseller_id: int, customers: int = 0, active: int = 0, transacting: int = 0, run_rate=ZERO
) -> None:
    """Add a change of a reseller's customers, already written in this transaction, to its
    `CustomerTotals`. Without a row yet, the reseller's customers are counted now, this change
    among them; when a concurrent transaction inserts the row first, this one waits for it and
    adds its change to it."""
    change = {"customers": customers, "active": active, "transacting": transacting}
    added = {name: F(name) + value for name, value in change.items() if value}
    if run_rate:
        added["run_rate"] = F("run_rate") + run_rate
    if not added:
        return
    totals = CustomerTotals.objects.filter(reseller_id=reseller_id)
    if totals.update(**added, updated_at=timezone.now()):
        return
    counted = customer_totals_counted(reseller_ids=[reseller_id]).get(reseller_id)
    try:
        with transaction.atomic():
            CustomerTotals.objects.create(reseller_id=reseller_id, **counted)
    except IntegrityError:
        totals.update(**added, updated_at=timezone.now())


def customer_totals_counted(*, reseller_ids=None) -> dict[int, dict]:
    """The totals of these resellers (every reseller with customers when None), counted from
    their customers: {reseller id: {"customers", "active", "transacting", "run_rate"}}."""
    customers = Organization.objects.filter(kind=OrganizationKind.CUSTOMER)
    counted = {}
    if reseller_ids is not None:
        customers = customers.filter(parent_id__in=reseller_ids)
        counted = {pk: {**EMPTY_TOTALS} for pk in reseller_ids}
    rows = customers.order_by().values("parent_id").annotate(**customer_totals_counts())
    for row in rows:
        counted[row.pop("parent_id")] = row
    return counted


def customer_totals_check() -> int:
    """Every reseller's totals compared with a count of its customers, and set right where they
    differ (each under its row lock, counted after the lock, like a change): the safety net of
    a maintained copy. Returns how many were wrong."""
    wrong = 0
    for reseller_id in CustomerTotals.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            row = CustomerTotals.objects.select_for_update().filter(pk=reseller_id).first()
            if row is None:
                continue
            counted = customer_totals_counted(reseller_ids=[reseller_id])[reseller_id]
            if any(getattr(row, name) != value for name, value in counted.items()):
                wrong += 1
                CustomerTotals.objects.filter(pk=reseller_id).update(**counted)
    return wrong


# ------------------------------------------------------------------ workspace sign-on (CUST-7)


def workspace_sections_for(actor: Actor) -> list[str]:
    """The quick actions this member may use (the others are not shown)."""
    if not can(actor, "workspace.enter"):
        return []
    return [
        section for section, permission in WORKSPACE_PERMISSIONS.items() if can(actor, permission)
    ]


@transaction.atomic
def workspace_ticket_issue(*, actor: Actor, customer: Organization, section: str) -> str:
    """A signed, single-use link valid for a minute that opens one section of the distributor's
    workspace for one customer. The view gave a 404 for a customer outside the actor's scope."""
    require(actor, "workspace.enter")
    if section not in WORKSPACE_PERMISSIONS:
        raise DomainError(_("Unknown section."))
    require(actor, WORKSPACE_PERMISSIONS[section])
    if not customer.is_within(actor.organization) or customer.kind != OrganizationKind.CUSTOMER:
        raise DomainError(_("This customer is not yours."))
    ticket = WorkspaceTicket.objects.create(
        customer=customer,
        issued_to=actor.membership,
        section=section,
        nonce=secrets.token_urlsafe(24),
        expires_at=timezone.now() + timedelta(seconds=WORKSPACE_TICKET_SECONDS),
    )
    return signing.dumps({"t": ticket.pk, "n": ticket.nonce}, salt=WORKSPACE_SALT)


@transaction.atomic
def workspace_ticket_redeem(*, actor: Actor, token: str) -> WorkspaceTicket:
    """Use a ticket once, as the member it was issued to, before it expires."""
    try:
        payload = signing.loads(token, salt=WORKSPACE_SALT, max_age=WORKSPACE_TICKET_SECONDS)
        ticket_id, nonce = int(payload["t"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError(_("This sign-on link is invalid or has expired.")) from None
    now = timezone.now()
    used = WorkspaceTicket.objects.filter(
        pk=ticket_id,
        nonce=nonce,
        used_at__isnull=True,
        expires_at__gt=now,
        issued_to=actor.membership,
    ).update(used_at=now)
    if used != 1:
        raise DomainError(_("This sign-on link is invalid or has expired."))
    ticket = WorkspaceTicket.objects.select_related("customer").get(pk=ticket_id)
    audit_record(
        actor=actor,
        verb=OrdersVerb.WORKSPACE_ENTERED,
        target=ticket.customer,
        data={"section": ticket.section},
    )
    return ticket
