"""Pages of the orders and billing areas: who may do what, cross-tenant 404s, the export, the
approval partials, and a query count that does not grow with the rows."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.billing.services import billing_run
from portal.orders.models import Order, OrderStatus
from portal.orders.testing import make_product, place
from portal.team.models import BillingSettings

pytestmark = pytest.mark.django_db


def _pending(tenant):
    return place(tenant.storefront_user, tenant.customers[0], (make_product("V1"), 1))


def test_a_storefront_user_crafting_an_approve_post_is_refused(tenant_a, login):
    order = _pending(tenant_a)
    client = login(tenant_a.storefront_user)
    for name in ("orders:accept", "orders:cancel"):
        assert client.post(reverse(name, args=[order.pk])).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_APPROVAL


def test_reseller_accepts_from_the_three_dot_menu(tenant_a, login):
    order = _pending(tenant_a)
    client = login(tenant_a.members["manager"])
    page = client.get(reverse("orders:list"))
    assert reverse("orders:accept", args=[order.pk]) in page.content.decode()
    response = client.post(reverse("orders:accept", args=[order.pk]), {"next": "/portal/orders/"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.EXECUTED


def test_other_resellers_order_is_404(tenant_a, tenant_b, login):
    order = _pending(tenant_b)
    client = login(tenant_a.members["primary"])
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 404
    assert client.post(reverse("orders:accept", args=[order.pk])).status_code == 404
    link = reverse("orders:workspace_link", args=[tenant_b.customers[0].pk, "services"])
    assert client.post(link).status_code == 404


def test_storefront_never_shows_the_resellers_cost(tenant_a, login):
    order = place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("C1"), 1))
    client = login(tenant_a.storefront_user)
    body = client.get(reverse("store_orders:detail", args=[order.pk])).content.decode()
    assert order.number in body
    assert (
        "Unit cost" not in body
        and "Total cost" not in client.get("/store/orders/").content.decode()
    )


def test_storefront_user_places_an_order(tenant_a, login):
    product = make_product("S1")
    client = login(tenant_a.storefront_user)
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-product": product.pk,
        "form-0-quantity": "2",
    }
    response = client.post(reverse("store_orders:place"), data)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.placed_by == Order.PlacedBy.CUSTOMER
    bad = dict(data, **{"form-0-quantity": "0"})
    assert client.post(reverse("store_orders:place"), bad).status_code == 400
    assert Order.objects.count() == 1


def test_export_holds_only_own_filtered_rows_and_neutralises_formulas(tenant_a, tenant_b, login):
    from portal.tenancy.models import Organization

    Organization.objects.filter(pk=tenant_a.customers[0].pk).update(name="=HYPERLINK(1)")
    product = make_product("X1")
    mine = place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    place(tenant_b.members["primary"], tenant_b.customers[0], (product, 1))
    client = login(tenant_a.members["primary"])
    response = client.get(reverse("orders:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == mine.number
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert client.get(reverse("orders:export", args=["csv"])).status_code == 404


def test_credit_card_reseller_sees_the_locked_toggle_and_the_banner_partials(tenant_a, login):
    from django.template.loader import render_to_string

    from portal.orders import selectors

    BillingSettings.objects.filter(organization=tenant_a.organization).update(
        payment_method=BillingSettings.PaymentMethod.CREDIT_CARD
    )
    client = login(tenant_a.members["primary"])
    page = client.get(reverse("orders:customer_orders", args=[tenant_a.customers[0].pk]))
    body = page.content.decode()
    assert "disabled" in body and "requires order approval for all customers" in body
    banner = render_to_string(
        "orders/_approval_banner.html",
        {"approval_banner": selectors.reseller_requires_approval(tenant_a.organization)},
    )
    assert "requires order approval for all customers" in banner
    response = client.post(
        reverse("orders:approval", args=[tenant_a.customers[0].pk]), {"required": ""}
    )
    assert response.status_code == 302
    assert selectors.approval_required(tenant_a.customers[0])


def test_quick_action_signs_on_once(tenant_a, login):
    client = login(tenant_a.members["primary"])
    customer = tenant_a.customers[0]
    direct = reverse("workspace:customer", args=[customer.pk, "subscriptions"])
    assert client.get(direct).status_code == 404  # no sign-on yet
    response = client.post(reverse("orders:workspace_link", args=[customer.pk, "subscriptions"]))
    enter = response["Location"]
    assert client.get(enter).status_code == 302
    assert client.get(direct).status_code == 200
    assert client.get(enter).status_code == 404  # single use


def test_invoices_for_reseller_and_customer_with_pdf(tenant_a, tenant_b, login):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("I1"), 1))
    place(tenant_b.members["primary"], tenant_b.customers[0], (make_product("I1"), 1))
    billing_run(today=timezone.localdate())
    from portal.billing.models import Invoice

    mine = Invoice.objects.get(customer=tenant_a.customers[0])
    theirs = Invoice.objects.get(customer=tenant_b.customers[0])
    reseller = login(tenant_a.members["primary"])
    assert mine.number in reseller.get(reverse("billing:invoices")).content.decode()
    pdf = reseller.get(reverse("billing:invoice_pdf", args=[mine.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert reseller.get(reverse("billing:invoice_pdf", args=[theirs.pk])).status_code == 404
    store = login(tenant_a.storefront_user)
    assert mine.number in store.get(reverse("store_invoices:invoices")).content.decode()
    assert store.get(reverse("store_invoices:invoice", args=[theirs.pk])).status_code == 404


@pytest.mark.filterwarnings("ignore::DeprecationWarning:django_tables2")
def test_order_list_query_count_does_not_grow_with_rows(tenant_a, login):
    product = make_product("Q1")
    client = login(tenant_a.members["primary"])
    place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    client.get(reverse("orders:list"))  # the first request of a session writes it
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("orders:list")).status_code == 200
    for _ in range(15):
        place(tenant_a.storefront_user, tenant_a.customers[0], (product, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("orders:list")).status_code == 200
    assert len(many) == len(few), ([q["sql"][:90] for q in few], [q["sql"][:90] for q in many])


@pytest.mark.filterwarnings("ignore::DeprecationWarning:django_tables2")
def test_search_by_number_start_running_part_and_customer_name(tenant_a, tenant_b, login):
    product = make_product("S1")
    first = place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    second = place(tenant_a.members["primary"], tenant_a.customers[1], (product, 1))
    theirs = place(tenant_b.members["primary"], tenant_b.customers[0], (product, 1))
    client = login(tenant_a.members["primary"])

    def found(q):
        page = client.get(reverse("orders:list"), {"q": q}).content.decode()
        return {o.number for o in (first, second, theirs) if o.number in page}

    assert found(first.number) == {first.number}
    assert found(first.number.lower()) == {first.number}
    assert found(first.number[:8]) == {first.number, second.number}  # "ORD-2026"
    assert found(first.number[-6:].lstrip("0")) == {first.number}
    assert found(tenant_a.customers[1].name.upper()) == {second.number}
    # another reseller's customer is no customer of ours, even by name
    assert found(tenant_b.customers[0].name) == set()


@pytest.mark.filterwarnings("ignore::DeprecationWarning:django_tables2")
def test_a_huge_list_counts_up_to_the_cap(tenant_a, login, monkeypatch):
    from portal.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 30)
    product = make_product("C1")
    for _ in range(31):
        place(tenant_a.members["primary"], tenant_a.customers[0], (product, 1))
    client = login(tenant_a.members["primary"])
    page = client.get(reverse("orders:list")).content.decode()
    assert "of more than 30" in page
    assert "Page 1 of" not in page and "Page 1" in page
    monkeypatch.setattr(CappedPaginator, "cap", 31)
    page = client.get(reverse("orders:list")).content.decode()
    assert "of 31" in page and "Page 1 of 2" in page


def test_the_subscriptions_section_shows_the_suspension_periods(tenant_a, login):
    from portal.orders import services
    from portal.orders.models import Subscription

    customer = tenant_a.customers[0]
    place(tenant_a.members["primary"], customer, (make_product("SP1"), 1))
    place(tenant_a.members["primary"], customer, (make_product("SP2"), 1))
    actor = tenant_a.actor("primary")
    first, second = Subscription.objects.order_by("pk")
    client = login(tenant_a.members["primary"])
    url = reverse("orders:customer_orders", args=[customer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    services.subscription_change(actor=actor, subscription=first, action="suspend")
    services.subscription_change(actor=actor, subscription=first, action="resume")
    services.subscription_change(actor=actor, subscription=second, action="suspend")
    with CaptureQueriesContext(connection) as more:
        body = client.get(url).content.decode()
    assert body.count('data-testid="suspension-periods"') == 2
    assert "Suspended from" in body and "Suspended since" in body
    assert len(more.captured_queries) == len(few.captured_queries)  # periods: one prefetch


def test_one_customers_order_lists_offer_a_search_by_number_only(tenant_a, login):
    """A customer's own orders (storefront, customer record) have no customer to search for."""
    customer = tenant_a.customers[0]
    store = login(tenant_a.storefront_user).get(reverse("store_orders:list")).content.decode()
    assert 'placeholder="Search order number"' in store
    client = login(tenant_a.members["primary"])
    record = client.get(reverse("orders:customer_orders", args=[customer.pk])).content.decode()
    assert 'placeholder="Search order number"' in record
    everything = client.get(reverse("orders:list")).content.decode()
    assert 'placeholder="Search order number or customer"' in everything


def test_order_numbers_and_dates_do_not_break_over_lines(tenant_a, login):
    order = place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("NW1"), 1))
    body = login(tenant_a.members["primary"]).get(reverse("orders:list")).content.decode()
    cell = re.search(r'<td [^>]*class="([^"]*)"><a href="[^"]*">' + order.number, body)
    assert cell and "nowrap" in cell.group(1).split()


def test_actions_in_a_section_of_the_customer_record_come_back_to_the_record(tenant_a, login):
    """The record loads the orders section with `?partial=1`; suspending a subscription there
    must land on the record again, not on the bare, unstyled section."""
    from portal.orders.testing import tenant_subscription

    subscription = tenant_subscription(tenant_a)
    record = f"/portal/customers/{subscription.customer_id}/"
    client = login(tenant_a.members["primary"])
    section = reverse("orders:customer_orders", args=[subscription.customer_id]) + "?partial=1"
    body = client.get(
        section, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{record}"}
    ).content.decode()
    assert f'name="next" value="{record}"' in body
    assert "partial=1" not in re.findall(r'name="next" value="([^"]*)"', body)[0]
    plain = client.get(section).content.decode()  # no htmx: the customer's own orders page
    assert 'name="next" value="/portal/orders/customers/' in plain and "partial=1" not in plain


def test_searching_the_orders_section_answers_with_its_rows_only(tenant_a, login):
    """The section's search swaps the rows: answering with the whole section nested a second
    toolbar and a second subscriptions section inside the table."""
    customer = tenant_a.customers[0]
    order = place(tenant_a.members["primary"], customer, (make_product("SR1"), 1))
    client = login(tenant_a.members["primary"])
    url = reverse("orders:customer_orders", args=[customer.pk])
    body = client.get(
        url, {"q": order.number}, headers={"HX-Request": "true", "HX-Target": "customer-order-rows"}
    ).content.decode()
    assert order.number in body
    assert 'id="orders"' not in body and 'id="subscriptions"' not in body
    assert f'href="{url}?' in body  # sort links lead to the customer's orders page


def test_the_provisioning_queue_shows_the_oldest_order_first(tenant_a, login):
    from portal.team import services as team_services
    from portal.tenancy.models import Level

    manual = make_product("MAN1", auto=False)
    primary = tenant_a.members["primary"]
    first = place(primary, tenant_a.customers[0], (manual, 1))
    second = place(primary, tenant_a.customers[1], (manual, 1))
    assert first.status == second.status == OrderStatus.IN_PROGRESS
    distributor = team_services.member_add(
        actor=None,
        organization=tenant_a.organization.parent,
        email="d@dist.test",
        full_name="D",
        role=Level.PRIMARY,
    )
    body = login(distributor).get(reverse("orders:provisioning")).content.decode()
    assert body.index(first.number) < body.index(second.number)


def test_each_rows_actions_menu_is_the_one_its_template_writes(tenant_a, login):
    """The menu is rendered once per page and status, and each row's key and number put in:
    the same HTML as the template writes for that order, each menu for its own order."""
    from django.template.loader import render_to_string

    from tests.pages import without_csrf_tokens

    pending, in_progress, executed = (_pending(tenant_a) for _ in range(3))
    Order.objects.filter(pk=in_progress.pk).update(status=OrderStatus.IN_PROGRESS)
    Order.objects.filter(pk=executed.pk).update(status=OrderStatus.EXECUTED)
    response = login(tenant_a.members["manager"]).get(reverse("orders:list"))
    page = response.content.decode()
    for order in Order.objects.filter(pk__in=[pending.pk, in_progress.pk]):
        menu = render_to_string(
            "orders/partials/_order_actions.html", {"record": order}, request=response.wsgi_request
        )
        assert reverse("orders:cancel", args=[order.pk]) in menu
        assert without_csrf_tokens(menu) in without_csrf_tokens(page)  # masked anew each time
    assert reverse("orders:cancel", args=[executed.pk]) not in page
    assert page.count("Accept order") == 1 and page.count('class="row-menu"') == 2


def test_a_search_for_the_stand_in_key_leaves_each_menu_its_own_way_back(tenant_a, login):
    """The menus come back to the list's address with its query; one that holds the stand-in's
    key is not rewritten with each row's key."""
    from portal.core.tables import STAND_IN_KEY as _STAND_IN_KEY

    order = _pending(tenant_a)
    client = login(tenant_a.members["manager"])
    page = client.get(reverse("orders:list"), {"status": "", "q": "", "x": _STAND_IN_KEY})
    body = page.content.decode()
    assert reverse("orders:accept", args=[order.pk]) in body
    assert f'name="next" value="/portal/orders/?status=&amp;q=&amp;x={_STAND_IN_KEY}"' in body
