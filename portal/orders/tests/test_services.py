"""Orders: pricing, approval by payment method, the state machine of SHOP-3, subscriptions,
run rate, and the workspace tickets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.core.exceptions import DomainError
from portal.customers.selectors import customer_statistics
from portal.demo.testing import actor_for
from portal.orders import selectors, services
from portal.orders.models import (
    Asset,
    CustomerRunRate,
    Order,
    OrderStatus,
    OrderTransition,
    Subscription,
    SubscriptionStatus,
    SubscriptionSuspension,
    WorkspaceTicket,
)
from portal.orders.services import LineRequest
from portal.orders.testing import make_product, place
from portal.orders.trends import month_ends
from portal.team.models import BillingSettings
from portal.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def _pay_by(tenant, method):
    BillingSettings.objects.filter(organization=tenant.organization).update(payment_method=method)


def test_reseller_order_is_priced_with_markup_and_executed(tenant_a):
    monthly = make_product("M1", cost="10.00")
    one_time = make_product("T1", recurring=False, cost="99.99")
    services.markup_set(actor=tenant_a.actor("primary"), product=None, percent="15")
    services.markup_set(actor=tenant_a.actor("primary"), product=one_time, percent="12.5")
    order = place(tenant_a.members["primary"], tenant_a.customers[0], (monthly, 3), (one_time, 2))
    assert order.status == OrderStatus.EXECUTED
    assert order.placed_by == Order.PlacedBy.RESELLER
    assert order.number.startswith(f"ORD-{timezone.localdate().year}-")
    # 10.00 + 15 % = 11.50; 99.99 + 12.5 % = 112.48875 → 112.49 (half up, per unit)
    assert order.total_cost == Decimal("30.00") + Decimal("199.98")
    assert order.total_amount == Decimal("34.50") + Decimal("224.98")
    subscription = Subscription.objects.get(customer=tenant_a.customers[0])
    assert subscription.monthly_amount == Decimal("34.50")
    assert Asset.objects.get(customer=tenant_a.customers[0]).amount == Decimal("224.98")


def test_order_numbers_follow_each_other(tenant_a):
    product = make_product("M1")
    first = place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    second = place(tenant_a.members["primary"], tenant_a.customers[1], (product, 1))
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


@pytest.mark.parametrize("quantity", [0, -1])
def test_bad_quantities_are_refused_and_nothing_is_saved(tenant_a, quantity):
    product = make_product("M1")
    with pytest.raises(DomainError):
        place(tenant_a.members["primary"], tenant_a.customers[0], (product, quantity))
    assert not Order.objects.exists()


def test_unknown_product_and_product_not_sold_to_the_tier_are_refused(tenant_a):
    gold_only = make_product("G1", tiers=["gold"])
    with pytest.raises(DomainError, match="Unknown product"):
        services.order_place(
            actor=tenant_a.actor("primary"),
            customer=tenant_a.customers[0],
            lines=[LineRequest(product_id=999999, quantity=1)],
        )
    with pytest.raises(DomainError, match="Not sold to your partner tier"):
        place(tenant_a.members["primary"], tenant_a.customers[0], (gold_only, 1))
    assert not Order.objects.exists()


def test_products_in_two_currencies_cannot_share_an_order(tenant_a):
    pln, eur = make_product("P1"), make_product("E1", currency="EUR")
    with pytest.raises(DomainError):
        place(tenant_a.members["primary"], tenant_a.customers[0], (pln, 1), (eur, 1))


@pytest.mark.parametrize("percent", ["-1", "1000.01", "abc", "NaN"])
def test_markup_outside_0_to_1000_is_refused(tenant_a, percent):
    with pytest.raises(DomainError):
        services.markup_set(actor=tenant_a.actor("primary"), product=None, percent=percent)


def test_markup_bounds_are_accepted(tenant_a):
    assert services.markup_set(actor=tenant_a.actor("primary"), product=None, percent="1000")
    assert services.markup_set(actor=tenant_a.actor("primary"), product=None, percent="0")


def test_a_reseller_cannot_order_for_another_resellers_customer(tenant_a, tenant_b):
    product = make_product("M1")
    with pytest.raises(DomainError):
        place(tenant_a.members["primary"], tenant_b.customers[0], (product, 1))


# ------------------------------------------------------------------ approval (CUST-5)


def test_credit_card_reseller_needs_approval_for_every_customer_and_cannot_switch_it_off(tenant_a):
    _pay_by(tenant_a, BillingSettings.PaymentMethod.CREDIT_CARD)
    customer = tenant_a.customers[0]
    assert selectors.approval_required(customer)
    assert selectors.approval_state(customer=customer) == {"required": True, "locked": True}
    with pytest.raises(DomainError):
        services.approval_set(actor=tenant_a.actor("primary"), customer=customer, required=False)
    order = place(tenant_a.storefront_user, customer, (make_product("M1"), 1))
    assert order.status == OrderStatus.PENDING_APPROVAL


@pytest.mark.parametrize(
    "method", [BillingSettings.PaymentMethod.CASH, BillingSettings.PaymentMethod.DEPOSIT]
)
def test_cash_or_deposit_reseller_switches_approval_per_customer(tenant_a, method):
    _pay_by(tenant_a, method)
    customer = tenant_a.customers[0]
    assert selectors.approval_required(customer)  # on until switched off
    services.approval_set(actor=tenant_a.actor("manager"), customer=customer, required=False)
    assert not selectors.approval_required(customer)
    assert selectors.approval_state(customer=customer) == {"required": False, "locked": False}
    order = place(tenant_a.storefront_user, customer, (make_product("M1"), 1))
    assert order.status == OrderStatus.EXECUTED
    assert order.placed_by == Order.PlacedBy.CUSTOMER


def test_reseller_orders_never_wait_for_approval(tenant_a):
    _pay_by(tenant_a, BillingSettings.PaymentMethod.CREDIT_CARD)
    order = place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("M1"), 1))
    assert order.status == OrderStatus.EXECUTED


# ------------------------------------------------------------------ state machine (SHOP-3)


def _pending(tenant, *, auto=True):
    return place(
        tenant.storefront_user, tenant.customers[0], (make_product(f"S{auto}", auto=auto), 2)
    )


def test_accept_executes_an_auto_provisioned_order_and_emails_the_customer(tenant_a):
    order = _pending(tenant_a)
    mail.outbox.clear()
    services.order_accept(actor=tenant_a.actor("manager"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXECUTED
    assert Subscription.objects.filter(order_line__order=order).count() == 1
    moves = list(
        OrderTransition.objects.filter(order=order).values_list("from_status", "to_status")
    )
    assert moves == [("", "pending_approval"), ("pending_approval", "executed")]
    last = OrderTransition.objects.filter(order=order).last()
    assert last.by == tenant_a.members["manager"].user
    from portal.mail.models import OutboundEmail

    assert OutboundEmail.objects.filter(to=tenant_a.storefront_user.user.email).exists()


def test_accepting_a_manual_order_puts_it_in_progress_until_the_distributor_provisions(tenant_a):
    order = _pending(tenant_a, auto=False)
    services.order_accept(actor=tenant_a.actor("primary"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS
    assert not Subscription.objects.exists()
    from portal.team import services as team_services
    from portal.tenancy.models import Level

    distributor = team_services.member_add(
        actor=None,
        organization=tenant_a.organization.parent,
        email="d@dist.test",
        full_name="D",
        role=Level.PRIMARY,
    )
    with pytest.raises(PermissionDenied):  # the reseller does not provision
        services.order_mark_provisioned(actor=tenant_a.actor("primary"), order=order)
    services.order_mark_provisioned(actor=actor_for(distributor), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXECUTED
    assert Subscription.objects.filter(order_line__order=order).exists()


def test_cancel_pending_order(tenant_a):
    order = _pending(tenant_a)
    services.order_cancel(actor=tenant_a.actor("primary"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("final", [OrderStatus.EXECUTED, OrderStatus.CANCELED])
def test_final_orders_refuse_every_transition(tenant_a, final):
    order = _pending(tenant_a)
    if final == OrderStatus.EXECUTED:
        services.order_accept(actor=tenant_a.actor("primary"), order=order)
    else:
        services.order_cancel(actor=tenant_a.actor("primary"), order=order)
    for attempt in (services.order_accept, services.order_cancel):
        with pytest.raises(DomainError, match="already been decided"):
            attempt(actor=tenant_a.actor("primary"), order=order)


def test_in_progress_order_can_be_canceled_but_not_accepted_again(tenant_a):
    order = _pending(tenant_a, auto=False)
    services.order_accept(actor=tenant_a.actor("primary"), order=order)
    with pytest.raises(DomainError):
        services.order_accept(actor=tenant_a.actor("primary"), order=order)
    services.order_cancel(actor=tenant_a.actor("primary"), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED


def test_executed_order_cannot_be_marked_provisioned(tenant_a):
    from portal.orders.models import TRANSITIONS

    assert TRANSITIONS[OrderStatus.EXECUTED] == frozenset()
    assert TRANSITIONS[OrderStatus.CANCELED] == frozenset()


@pytest.mark.parametrize("level", ["basic", "sales", "it"])
def test_lower_levels_cannot_decide(tenant_a, level):
    order = _pending(tenant_a)
    with pytest.raises(PermissionDenied):
        services.order_accept(actor=tenant_a.actor(level), order=order)


def test_a_storefront_user_cannot_approve_their_own_order(tenant_a):
    order = _pending(tenant_a)
    with pytest.raises(PermissionDenied):
        services.order_accept(actor=actor_for(tenant_a.storefront_user), order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_APPROVAL


# ------------------------------------------------------------------ subscriptions and run rate


def test_suspend_resume_cancel_and_the_run_rate(tenant_a):
    product = make_product("Y1", period=12, cost="120.00")
    place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    actor = tenant_a.actor("primary")
    assert selectors.run_rate(actor) == Decimal("10.00")
    assert selectors.transacting_customer_count(actor) == 1
    subscription = Subscription.objects.get()
    services.subscription_change(actor=actor, subscription=subscription, action="suspend")
    assert selectors.run_rate(actor) == Decimal("0")
    with pytest.raises(DomainError):
        services.subscription_change(actor=actor, subscription=subscription, action="suspend")
    services.subscription_change(actor=actor, subscription=subscription, action="resume")
    assert selectors.run_rate(actor) == Decimal("10.00")
    services.subscription_change(actor=actor, subscription=subscription, action="cancel")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELED
    assert selectors.run_rate(actor) == Decimal("0")
    grid = {c.pk: c.run_rate for c in selectors.run_rate_by_customer(actor)}
    assert grid[tenant_a.customers[0].pk] == Decimal("0")


def _stored(customer) -> tuple[Decimal, bool]:
    row = CustomerRunRate.objects.get(customer=customer)
    return row.monthly_run_rate, row.transacting


def test_the_stored_run_rate_follows_every_subscription_change(tenant_a):
    """My Customers reads the stored copy: it moves with placing, suspending, resuming and
    canceling, and always equals the figure computed from the subscriptions."""
    customer, actor = tenant_a.customers[0], tenant_a.actor("primary")
    place(tenant_a.members["primary"], customer, (make_product("Y2", period=12, cost="120"), 2))
    place(tenant_a.members["primary"], customer, (make_product("M2", cost="5.50"), 1))
    assert _stored(customer) == (Decimal("25.50"), True)
    stats = customer_statistics(actor=actor)
    assert stats["run_rate"] == Decimal("25.50") and stats["transacting"] == 1
    yearly = Subscription.objects.get(product__sku="Y2")
    services.subscription_change(actor=actor, subscription=yearly, action="suspend")
    assert _stored(customer) == (Decimal("5.50"), True)
    services.subscription_change(actor=actor, subscription=yearly, action="resume")
    assert _stored(customer) == (Decimal("25.50"), True)
    for subscription in Subscription.objects.all():
        services.subscription_change(actor=actor, subscription=subscription, action="cancel")
    assert _stored(customer) == (Decimal("0.00"), False)
    stats = customer_statistics(actor=actor)
    assert stats["run_rate"] == Decimal("0") and stats["transacting"] == 0
    assert selectors.run_rate(actor, customer=customer) == Decimal("0")


def test_an_asset_alone_makes_a_customer_transacting_without_a_run_rate(tenant_a):
    customer = tenant_a.customers[1]
    place(tenant_a.members["primary"], customer, (make_product("LIC1", recurring=False), 1))
    assert _stored(customer) == (Decimal("0.00"), True)
    assert selectors.transacting_customer_count(tenant_a.actor("primary")) == 1


def test_provisioned_and_accepted_orders_raise_the_stored_run_rate(tenant_a):
    customer, actor = tenant_a.customers[0], tenant_a.actor("primary")
    manual = make_product("MAN-M", auto=False, cost="30")
    order = place(tenant_a.members["primary"], customer, (manual, 1))
    assert order.status == OrderStatus.IN_PROGRESS
    assert not CustomerRunRate.objects.filter(customer=customer, transacting=True).exists()
    from portal.team import services as team_services
    from portal.tenancy.models import Level

    distributor = team_services.member_add(
        actor=None,
        organization=tenant_a.organization.parent,
        email="d@dist.test",
        full_name="D",
        role=Level.PRIMARY,
    )
    services.order_mark_provisioned(actor=actor_for(distributor), order=order)
    assert _stored(customer) == (Decimal("30.00"), True)
    pending = _pending(tenant_a)
    services.order_accept(actor=actor, order=pending)
    assert _stored(customer)[0] == selectors.run_rate(actor, customer=customer)
    assert _stored(customer)[0] > Decimal("30.00")


def test_other_currencies_stay_out_of_the_stored_run_rate(tenant_a):
    customer = tenant_a.customers[0]
    place(tenant_a.members["primary"], customer, (make_product("EUR-M", currency="EUR"), 1))
    assert _stored(customer) == (Decimal("0.00"), True)


def test_run_rate_annotation_per_customer(tenant_a, tenant_b):
    product = make_product("M1", cost="7.00")
    place(tenant_a.members["primary"], tenant_a.customers[1], (product, 3))
    place(tenant_b.members["primary"], tenant_b.customers[0], (product, 5))
    grid = {c.pk: c.run_rate for c in selectors.run_rate_by_customer(tenant_a.actor("primary"))}
    assert grid == {tenant_a.customers[0].pk: Decimal("0"), tenant_a.customers[1].pk: Decimal("21")}


# ------------------------------------------------------------------ workspace tickets (CUST-7)


def test_workspace_ticket_is_single_use_and_bound_to_its_member(tenant_a):
    actor = tenant_a.actor("primary")
    token = services.workspace_ticket_issue(
        actor=actor, customer=tenant_a.customers[0], section="subscriptions"
    )
    with pytest.raises(DomainError):
        services.workspace_ticket_redeem(actor=tenant_a.actor("manager"), token=token)
    ticket = services.workspace_ticket_redeem(actor=actor, token=token)
    assert ticket.customer == tenant_a.customers[0]
    with pytest.raises(DomainError):
        services.workspace_ticket_redeem(actor=actor, token=token)


def test_workspace_ticket_expires(tenant_a):
    actor = tenant_a.actor("primary")
    token = services.workspace_ticket_issue(
        actor=actor, customer=tenant_a.customers[0], section="services"
    )
    WorkspaceTicket.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError):
        services.workspace_ticket_redeem(actor=actor, token=token)


def test_workspace_ticket_for_another_resellers_customer_is_refused(tenant_a, tenant_b):
    with pytest.raises(DomainError):
        services.workspace_ticket_issue(
            actor=tenant_a.actor("primary"), customer=tenant_b.customers[0], section="services"
        )
    assert not WorkspaceTicket.objects.exists()


def test_a_tampered_token_is_refused(tenant_a):
    with pytest.raises(DomainError):
        services.workspace_ticket_redeem(actor=tenant_a.actor("primary"), token="abc:def")


def test_tier_less_reseller_buys_at_the_registered_price(tenant_a):
    assert tenant_a.organization.tier == ""
    product = make_product("R1", tiers=[Organization.Tier.REGISTERED], cost="5.00")
    order = place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    assert order.total_cost == Decimal("5.00")


# ------------------------------------------------------------------ dated suspension periods


def test_suspend_and_resume_record_dated_periods(tenant_a):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("P1"), 1))
    subscription = Subscription.objects.get()
    primary, manager = tenant_a.actor("primary"), tenant_a.actor("manager")
    services.subscription_change(actor=primary, subscription=subscription, action="suspend")
    period = SubscriptionSuspension.objects.get()
    assert period.resumed_at is None and period.suspended_by == primary.user
    services.subscription_change(actor=manager, subscription=subscription, action="resume")
    period.refresh_from_db()
    assert period.resumed_at >= period.suspended_at and period.resumed_by == manager.user
    services.subscription_change(actor=primary, subscription=subscription, action="suspend")
    services.subscription_change(actor=primary, subscription=subscription, action="cancel")
    periods = list(SubscriptionSuspension.objects.values_list("resumed_at", flat=True))
    assert len(periods) == 2 and periods[0] is not None and periods[1] is None


def test_the_run_rate_trend_leaves_out_the_months_a_subscription_was_suspended(tenant_a):
    """Four months ago a 10-a-month subscription started; it was suspended through the end of the
    month two months ago and resumed last month: that month-end alone drops to zero."""
    from datetime import datetime, time

    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("P2"), 1))
    subscription = Subscription.objects.get()
    actor = tenant_a.actor("primary")
    today = timezone.localdate()
    spans = month_ends(months=12, today=today)
    Subscription.objects.update(started_on=spans[-5][0])
    services.subscription_change(actor=actor, subscription=subscription, action="suspend")
    services.subscription_change(actor=actor, subscription=subscription, action="resume")

    def at(day):
        return timezone.make_aware(datetime.combine(day, time(12)))

    SubscriptionSuspension.objects.update(
        suspended_at=at(spans[-3][0]), resumed_at=at(spans[-2][0])
    )
    values = [point["value"] for point in selectors.run_rate_history(actor, today=today)]
    assert values[-5:] == [Decimal("10")] * 2 + [Decimal("0")] + [Decimal("10")] * 2
    # still suspended today: the current month does not count it either
    services.subscription_change(actor=actor, subscription=subscription, action="suspend")
    values = [point["value"] for point in selectors.run_rate_history(actor, today=today)]
    assert values[-1] == Decimal("0") and values[-2] == Decimal("10")
