"""My Customers and the storefront as a reseller and a customer's user go through them."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from portal.mail.models import OutboundEmail
from portal.tenancy.models import Organization, OrganizationKind

from .conftest import DEMO_PASSWORD, log_in, nav_labels


def _new_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    return context.new_page()


def test_new_customer_missing_field_then_fixed(page):
    log_in(page, "reseller@demo.example")
    home_count = int(page.get_by_test_id("customers-widget").locator(".stat").inner_text())
    page.click("aside nav a:text-is('Customers')")
    assert page.get_by_test_id("stat-all").is_visible()
    count = int(page.get_by_test_id("stat-all").locator(".stat").inner_text())
    assert count == home_count
    page.click("text=New customer")
    page.fill("#id_name", "Harbour Bakery")
    page.fill("#id_email", "office@harbour.example")
    page.fill("#id_address", "1 Quay Street")
    page.fill("#id_city", "Toronto")
    page.select_option("#id_country", "CA")
    page.fill("#id_postcode", "M5J 2N8")
    page.fill("#id_phone", "+1 416 555 0199")
    page.click("button:text-is('Save')")
    state = page.locator("[data-field=state]")
    assert "state or province" in state.locator(".errorlist").inner_text()
    assert page.input_value("#id_name") == "Harbour Bakery"  # what was typed is kept
    page.fill("#id_state", "Ontario")
    page.click("button:text-is('Save')")
    assert "Harbour Bakery created" in page.locator(".messages").inner_text()
    assert page.input_value("#id_state") == "Ontario"
    assert "Customer created" in page.locator("#history").inner_text()
    # one customer more, on My Customers and on the home (the reseller's kept totals)
    page.click("aside nav a:text-is('Customers')")
    assert page.get_by_test_id("stat-all").locator(".stat").inner_text() == str(count + 1)
    page.click("aside nav a:text-is('Home')")
    widget = page.get_by_test_id("customers-widget").locator(".stat")
    assert widget.inner_text() == str(count + 1)


def test_search_the_grid_and_export_the_file(page):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/customers/")
    reseller = Organization.objects.get(name="Baltic IT Solutions")
    customers = Organization.objects.filter(parent=reseller, kind=OrganizationKind.CUSTOMER)
    target = customers.order_by("name")[3]
    page.fill("input[name=q]", target.name)
    page.wait_for_url(re.compile(r"q="))
    page.wait_for_function(
        "document.querySelectorAll('#customer-rows tbody tr').length === 1", timeout=5000
    )
    assert target.name in page.locator("#customer-rows tbody").inner_text()

    page.goto("/portal/customers/?sort=-name")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename == "Customers.xlsx"
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    names = [row[0] for row in rows[1:]]
    assert names == sorted((c.name for c in customers), reverse=True)  # all of them, not a page
    cities = {c.name: c.details.city for c in customers}
    assert all(row[2] == cities[row[0]] for row in rows[1:])


def test_a_changed_city_is_found_at_once_also_typed_in_capitals(page):
    """The search reads the organization's folded copy of its details, kept by their save."""
    log_in(page, "reseller@demo.example")
    reseller = Organization.objects.get(name="Baltic IT Solutions")
    target = Organization.objects.filter(parent=reseller, kind=OrganizationKind.CUSTOMER).order_by(
        "name"
    )[2]
    page.goto(f"/portal/customers/{target.pk}/")
    page.fill("#id_city", "Świnoujście")
    page.click("button:text-is('Update')")
    assert "Customer details updated." in page.locator(".messages").inner_text()
    page.click("aside nav a:text-is('Customers')")
    page.fill("input[name=q]", "ŚWINOUJŚCIE")
    page.wait_for_url(re.compile(r"q="))
    page.wait_for_function(
        "document.querySelectorAll('#customer-rows tbody tr').length === 1", timeout=5000
    )
    assert target.name in page.locator("#customer-rows tbody").inner_text()
    assert "Świnoujście" in page.locator("#customer-rows tbody").inner_text()


def test_storefront_user_activation_login_deactivate_and_activate(page, browser, live_server):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/customers/")
    first = Organization.objects.get(memberships__user__email="customer@demo.example")
    page.click(f"text={first.name}")
    page.click("#storefront-users >> text=Add")
    page.fill("#id_first_name", "Olga")
    page.click("button:text-is('OK')")
    assert page.locator("[data-field=last_name] .errorlist").is_visible()
    assert page.input_value("#id_first_name") == "Olga"
    page.fill("#id_last_name", "Orders")
    page.fill("#id_email", "olga@customer.example")
    page.select_option("#id_language", "en")
    page.select_option("#id_date_format", "d.m.Y")
    page.click("button:text-is('OK')")
    assert "welcome email" in page.locator(".messages").inner_text()
    row = page.locator("#storefront-users tr", has_text="olga@customer.example")
    assert "Not activated" in row.inner_text()

    email = OutboundEmail.objects.get(to="olga@customer.example")
    activation = re.search(r"/activate/\S+/", email.body_text).group(0)
    store_login = re.search(r"/store/\S+/login/", email.body_text).group(0)
    olga = _new_page(browser, live_server)
    olga.goto(activation)
    olga.fill("#id_new_password1", "olga-first-password")
    olga.fill("#id_new_password2", "olga-first-password")
    olga.click("button[type=submit]")
    assert olga.url.endswith("/store/")
    olga.click("text=Log out")
    olga.goto(store_login)
    assert olga.get_by_test_id("storefront-login-reseller").inner_text() == "Baltic IT Solutions"
    olga.fill("#id_login", "olga@customer.example")
    olga.fill("#id_password", "olga-first-password")
    olga.click("button[type=submit]")
    assert olga.url.endswith("/store/")
    assert "Baltic IT Solutions" in olga.get_by_test_id("storefront-reseller").inner_text()
    assert "Users" not in nav_labels(olga)  # a user, not the customer's administrator
    olga.click("aside nav a:text-is('Orders')")
    assert olga.url.endswith("/store/orders/")  # the orders area's storefront page

    page.reload()
    row = page.locator("#storefront-users tr", has_text="olga@customer.example")
    assert "Active" in row.inner_text()
    row.locator("summary").click()
    assert row.locator("text=Resend activation link").count() == 0
    row.locator("button:text-is('Deactivate user')").click()
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.locator(".messages")).to_contain_text("can no longer log in")

    olga.goto("/store/")
    assert "/accounts/login/" in olga.url  # the open session ended
    olga.goto(store_login)
    olga.fill("#id_login", "olga@customer.example")
    olga.fill("#id_password", "olga-first-password")
    olga.click("button[type=submit]")
    assert "/accounts/inactive/" in olga.url

    row = page.locator("#storefront-users tr", has_text="olga@customer.example")
    assert "Inactive" in row.inner_text()
    row.locator("summary").click()
    row.locator("button:text-is('Activate user')").click()
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.locator(".messages")).to_contain_text("is active again")
    olga.goto(store_login)
    olga.fill("#id_login", "olga@customer.example")
    olga.fill("#id_password", "olga-first-password")
    olga.click("button[type=submit]")
    assert olga.url.endswith("/store/")


def test_customer_administrator_sees_storefront_users(page):
    log_in(page, "customer@demo.example", DEMO_PASSWORD)
    page.click("aside nav a:text-is('Users')")
    body = page.locator("#store-user-rows").inner_text()
    assert "Celina Customer" in body and "storefront.former@demo.example" in body
