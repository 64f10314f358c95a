"""Browser flows of the orders and billing area (issue 14)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.billing.services import billing_run
from portal.orders.models import CustomerRunRate, Order, OrderStatus
from portal.tenancy.models import Membership

from .conftest import log_in


def _run_rate_figure(page) -> str:
    page.goto("/portal/")
    return page.locator(".card", has_text="monthly run rate").first.inner_text()


def _my_customers_figures(page) -> tuple[str, str]:
    """The statistics of My Customers: read from the stored, maintained run rate."""
    page.goto("/portal/customers/")
    return (
        page.get_by_test_id("stat-run-rate").locator(".stat").inner_text(),
        page.get_by_test_id("stat-transacting").locator(".stat").inner_text(),
    )


def test_customer_orders_reseller_approves_subscription_and_run_rate(page, browser):
    before = None
    log_in(page, "customer@demo.example")
    page.goto("/store/orders/new/")
    page.select_option("#id_form-0-product", label="Shop Connector (SHOP-CONN-M)")
    page.fill("#id_form-0-quantity", "4")
    page.click("text=Place order")
    expect(page.locator(".badge", has_text="Pending Reseller Approval")).to_be_visible()
    order = Order.objects.filter(placed_by="customer").latest("pk")
    assert order.status == OrderStatus.PENDING_APPROVAL

    context = browser.new_context(base_url=page.url.split("/store")[0])
    reseller = context.new_page()
    log_in(reseller, "reseller@demo.example")
    before = _run_rate_figure(reseller)
    figures_before = _my_customers_figures(reseller)
    stored_before = CustomerRunRate.objects.get(customer=order.customer).monthly_run_rate
    reseller.goto(f"/portal/orders/{order.pk}/")
    reseller.click("button:has-text('Accept')")
    reseller.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(reseller.locator(".badge", has_text="Executed")).to_be_visible()
    reseller.goto(f"/portal/orders/customers/{order.customer_id}/")
    expect(reseller.locator("#subscriptions")).to_contain_text("Shop Connector")
    assert _run_rate_figure(reseller) != before
    run_rate_after, _transacting = _my_customers_figures(reseller)
    assert run_rate_after != figures_before[0]
    stored = CustomerRunRate.objects.get(customer=order.customer).monthly_run_rate
    assert stored == stored_before + order.total_amount  # a monthly product: its whole amount
    context.close()


def test_credit_card_reseller_sees_locked_toggle_and_banner(page):
    log_in(page, "reseller@demo.example")
    customer = Membership.objects.get(user__email="customer@demo.example").organization
    page.goto(f"/portal/orders/customers/{customer.pk}/")
    toggle = page.get_by_label("Order approval required")
    expect(toggle).to_be_checked()
    expect(toggle).to_be_disabled()
    expect(page.locator(".approval-toggle")).to_contain_text(
        "The payment method set by your distributor requires order approval for all customers."
    )


def test_billing_run_invoice_for_reseller_and_customer_pdf(page, browser):
    customer = Membership.objects.get(user__email="customer@demo.example").organization
    billing_run(today=timezone.localdate())
    log_in(page, "reseller@demo.example")
    page.goto("/portal/billing/?q=" + customer.name.split()[0])
    link = page.locator("table a", has_text=re.compile(r"INV-\d{4}-")).first
    number = link.inner_text()
    link.click()
    with page.expect_download() as download:
        page.click("text=Download PDF")
    assert download.value.suggested_filename == f"{number}.pdf"

    context = browser.new_context(base_url=page.url.split("/portal")[0])
    store = context.new_page()
    log_in(store, "customer@demo.example")
    store.goto("/store/invoices/")
    expect(store.locator("table")).to_contain_text(number)
    context.close()


def test_cancelling_from_the_three_dot_menu_names_both_choices(page):
    """ "Cancel order?" answered with "Cancel" / "Confirm" is ambiguous: the dialog says what each
    button does, and keeping the order changes nothing."""
    order = Order.objects.filter(status=OrderStatus.PENDING_APPROVAL).latest("pk")
    log_in(page, "reseller@demo.example")
    page.goto("/portal/orders/?status=pending_approval")
    row = page.locator("tr", has_text=order.number)
    row.locator("summary").click()
    row.locator("button:has-text('Cancel order')").click()
    expect(page.get_by_test_id("confirm-cancel")).to_have_text("Keep the order")
    expect(page.get_by_test_id("confirm-ok")).to_have_text("Cancel the order")
    page.get_by_test_id("confirm-cancel").click()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_APPROVAL
    row.locator("button:has-text('Accept')").click()  # another form: the usual labels again
    expect(page.get_by_test_id("confirm-ok")).to_have_text("Confirm")
    page.get_by_test_id("confirm-cancel").click()
    row.locator("button:has-text('Cancel order')").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_text(f"Order {order.number} canceled.")).to_be_visible()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED


@pytest.mark.parametrize("path", ["/portal/orders/customers/{customer}/new/", "/store/orders/new/"])
def test_the_order_form_fits_a_phone(page, path):
    order = Order.objects.filter(placed_by="customer").latest("pk")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "customer@demo.example" if path.startswith("/store") else "reseller@demo.example")
    page.goto(path.format(customer=order.customer_id))
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    card = page.locator("form.card").bounding_box()
    for line in page.locator("fieldset").all():
        box = line.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"]


def _run_rate_trend(page) -> tuple[list[str], str]:
    """The home's 12-month run rate as its table gives it to screen readers: the months that are
    over, and the current one."""
    page.goto("/portal/")
    table = page.locator(".card", has_text="Last 12 months").locator("table").first
    amounts = [row.split("\t")[-1] for row in table.locator("tbody tr").all_inner_texts()]
    return amounts[:-1], amounts[-1]


def test_a_suspension_moves_the_trends_current_month_and_leaves_the_months_that_are_over(page):
    from portal.orders.models import Subscription

    subscription = (
        Subscription.objects.filter(status="active", reseller__name="Baltic IT Solutions")
        .select_related("product")
        .order_by("-monthly_amount", "pk")
        .first()
    )
    log_in(page, "reseller@demo.example")
    past, now = _run_rate_trend(page)
    assert now in _run_rate_figure(page)  # the current month is today's run rate
    page.goto(f"/portal/orders/customers/{subscription.customer_id}/")
    row = page.locator("#subscriptions tr", has_text=subscription.product.name).first
    row.locator("button:text-is('Suspend')").click()
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.locator(".messages")).to_contain_text("Subscription updated")

    past_after, now_after = _run_rate_trend(page)
    assert past_after == past  # kept month-ends: a suspension today changes none of them
    assert now_after != now
    assert now_after in _run_rate_figure(page)
