"""Pages of My Customers and the storefront: bad input, exports, cross-tenant 404s, budgets."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from portal.customers import services
from portal.customers.exports import neutralise
from portal.mail.models import OutboundEmail
from portal.orders.testing import make_product, place
from portal.storefront.links import storefront_login_path
from portal.tenancy.models import Organization

NEW = {
    "name": "Delta Shop",
    "email": "office@delta.test",
    "address": "Main St 1",
    "city": "Austin",
    "country": "US",
    "state": "TX",
    "postcode": "73301",
    "phone": "+1 512 555 0100",
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_new_customer_missing_field_keeps_input_and_saves_nothing(tenant_a, login):
    client = login(tenant_a.members["sales"])
    response = client.post("/portal/customers/new/", {**NEW, "state": "", "phone": "555"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the state or province" in body and "international format" in body
    assert 'value="Delta Shop"' in body
    assert not Organization.objects.filter(name="Delta Shop").exists()
    response = client.post("/portal/customers/new/", NEW)
    assert response.status_code == 302
    assert Organization.objects.get(name="Delta Shop").details.state == "TX"


def test_grid_search_filter_and_sort(tenant_a, login):
    client = login(tenant_a.members["primary"])
    services.customer_set_active(
        actor=tenant_a.actor("primary"), customer=tenant_a.customers[1], active=False
    )
    body = client.get("/portal/customers/?status=inactive").content.decode()
    assert tenant_a.customers[1].name in body and tenant_a.customers[0].name not in body
    body = client.get("/portal/customers/?q=c0@alpharesale").content.decode()
    assert tenant_a.customers[0].name in body and tenant_a.customers[1].name not in body
    for column in ("name", "phone", "city", "email", "run_rate", "has_storefront"):
        assert client.get(f"/portal/customers/?sort=-{column}").status_code == 200
    assert client.get("/portal/customers/?status=bogus&page=x").status_code == 200


def test_exports_hold_the_whole_filtered_list_with_formulas_neutralised(tenant_a, login):
    actor = tenant_a.actor("primary")
    services.customer_update(actor=actor, customer=tenant_a.customers[0], city="=HYPERLINK(1)")
    client = login(tenant_a.members["primary"])
    response = client.get("/portal/customers/export/?format=xlsx&sort=name")
    assert response["Content-Disposition"].endswith('filename="Customers.xlsx"')
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Name", "Phone", "City"]
    assert [row[0] for row in rows[1:]] == [c.name for c in tenant_a.customers]
    assert rows[1][2] == "'=HYPERLINK(1)"
    text = _body(client.get("/portal/customers/export/?format=csv&q=Customer 1")).decode()
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(parsed) == 2 and parsed[1][0] == tenant_a.customers[1].name


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+48", "'+48"), ("-2", "'-2"), ("@x", "'@x"), ("a=b", "a=b")],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_refused_below_sales(tenant_a, login):
    client = login(tenant_a.members["basic"])
    assert client.get("/portal/customers/export/?format=csv").status_code == 403


def test_record_update_bad_input_is_400_and_keeps_input(tenant_a, login):
    client = login(tenant_a.members["primary"])
    customer = tenant_a.customers[0]
    data = {**NEW, "email": "not-an-email", "city": "Sopot"}
    response = client.post(f"/portal/customers/{customer.pk}/", data)
    assert response.status_code == 400 and 'value="Sopot"' in response.content.decode()
    customer.details.refresh_from_db()
    assert customer.details.city == "Gdańsk"


def test_add_storefront_user_duplicate_email_message(tenant_a, login):
    client = login(tenant_a.members["primary"])
    url = f"/portal/customers/{tenant_a.customers[1].pk}/users/add/"
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": tenant_a.storefront_user.user.email,
        "language": "en",
        "date_format": "Y-m-d",
        "role": "user",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already signs in to this storefront" in response.content.decode()
    response = client.post(url, {**data, "first_name": ""})
    assert response.status_code == 400


def test_other_resellers_customer_and_user_are_404(tenant_a, tenant_b, login):
    client = login(tenant_a.members["primary"])
    foreign = tenant_b.customers[0]
    user = tenant_b.storefront_user
    assert client.get(f"/portal/customers/{foreign.pk}/").status_code == 404
    assert client.get(f"/portal/customers/{foreign.pk}/users/add/").status_code == 404
    url = f"/portal/customers/{foreign.pk}/users/{user.pk}/deactivate/"
    assert client.post(url).status_code == 404
    own = tenant_a.customers[0].pk
    assert client.post(f"/portal/customers/{own}/users/{user.pk}/deactivate/").status_code == 404
    user.refresh_from_db()
    assert user.is_active


def test_storefront_user_cannot_open_another_customer(tenant_a, login):
    client = login(tenant_a.storefront_user)
    assert client.get(f"/portal/customers/{tenant_a.customers[1].pk}/").status_code == 403
    body = client.get("/store/users/").content.decode()
    assert tenant_a.storefront_user.user.email in body


def test_row_menu_offers_reset_for_activated_and_resend_for_new(tenant_a, login):
    actor = tenant_a.actor("primary")
    customer = tenant_a.customers[0]
    services.storefront_user_add(
        actor=actor,
        customer=customer,
        first_name="New",
        last_name="Person",
        email="new@x.test",
        language="en",
        date_format="Y-m-d",
    )
    body = login(tenant_a.members["primary"]).get(f"/portal/customers/{customer.pk}/").content
    body = body.decode()
    assert body.count("Reset password") == 1 and body.count("Resend activation link") == 1


def test_storefront_login_page_names_the_reseller_and_refuses_forgeries(tenant_a, client):
    path = storefront_login_path(tenant_a.organization)
    response = client.get(path)
    assert response.status_code == 200 and "Alpha Resale" in response.content.decode()
    forged = re.sub(r"-[0-9a-f]{12}/login/$", "-000000000000/login/", path)
    assert client.get(forged).status_code == 404
    other_id = path.replace(f"-{tenant_a.organization.pk}-", f"-{tenant_a.customers[0].pk}-")
    assert client.get(other_id).status_code == 404


def test_deactivated_storefront_user_cannot_log_in(tenant_a, client, password):
    services.storefront_user_set_active(
        actor=tenant_a.actor("primary"), membership=tenant_a.storefront_user, active=False
    )
    path = storefront_login_path(tenant_a.organization)
    email = tenant_a.storefront_user.user.email
    response = client.post(path, {"login": email, "password": password})
    assert "_auth_user_id" not in client.session
    services.storefront_user_set_active(
        actor=tenant_a.actor("primary"), membership=tenant_a.storefront_user, active=True
    )
    response = client.post(path, {"login": email, "password": password})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_reset_password_action_sends_email(tenant_a, login):
    customer, user = tenant_a.customers[0], tenant_a.storefront_user
    client = login(tenant_a.members["primary"])
    response = client.post(f"/portal/customers/{customer.pk}/users/{user.pk}/reset-password/")
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(to=user.user.email).exists()


def _add_customers(tenant, count, start=0):
    actor = tenant.actor("primary")
    for i in range(start, start + count):
        customer = services.customer_create(
            actor=actor, **{**NEW, "name": f"Budget {i}", "email": f"b{i}@x.test"}
        )
        if i:  # the run rate follows from a subscription (i per month)
            place(tenant.members["primary"], customer, (make_product("BUDGET", cost="1.00"), i))


def _queries(client, url):
    client.get("/healthz")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    _body(response)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/portal/customers/?sort=-run_rate",
        "/portal/customers/?q=budget&status=active",
        "/portal/customers/export/?format=csv",
        "/portal/customers/export/?format=xlsx",
    ],
)
def test_query_count_does_not_grow_with_customers(tenant_a, login, url):
    client = login(tenant_a.members["primary"])
    _add_customers(tenant_a, 2)
    _queries(client, url)  # the trend's months that are over summed once, and kept
    few = _queries(client, url)
    _add_customers(tenant_a, 25, start=2)
    assert _queries(client, url) == few <= 14


def test_record_query_count_does_not_grow_with_storefront_users(tenant_a, login):
    actor = tenant_a.actor("primary")
    customer = tenant_a.customers[0]
    client = login(tenant_a.members["primary"])
    few = _queries(client, f"/portal/customers/{customer.pk}/")
    for i in range(8):
        services.storefront_user_add(
            actor=actor,
            customer=customer,
            first_name="U",
            last_name=str(i),
            email=f"u{i}@x.test",
            language="en",
            date_format="Y-m-d",
        )
    assert _queries(client, f"/portal/customers/{customer.pk}/") == few


def test_sort_by_run_rate_follows_the_subscriptions(tenant_a, login):
    _add_customers(tenant_a, 3, start=1)
    client = login(tenant_a.members["primary"])

    def order(url):
        body = client.get(url).content.decode()
        return [body.index(f"Budget {i}") for i in (1, 2, 3)]

    first, second, third = order("/portal/customers/?sort=-run_rate")
    assert third < second < first
    first, second, third = order("/portal/customers/?sort=run_rate")
    assert first < second < third


def test_my_customers_shows_the_trends_of_the_last_12_months(tenant_a, login):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("TR1"), 1))
    body = login(tenant_a.members["primary"]).get("/portal/customers/").content.decode()
    assert "Last 12 months" in body
    assert "Monthly run rate (" in body and "Invoiced, net (" in body


def test_the_customer_record_links_every_section_it_loads(tenant_a, login):
    customer = tenant_a.customers[0]
    body = login(tenant_a.members["primary"]).get(f"/portal/customers/{customer.pk}/")
    body = body.content.decode()
    for section in ("orders", "subscriptions", "billing"):
        assert f'href="#{section}"' in body
