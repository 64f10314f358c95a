import pytest
from playwright.sync_api import expect

from .conftest import log_in, nav_labels

NAVIGATION = {
    "reseller@demo.example": (
        "/portal/",
        [
            "Home",
            "Customers",
            "Orders",
            "Markup",
            "Leads",
            "Invoices",
            "Company",
            "Employees",
            "Support cases",
            "Knowledge base",
            "Live sessions",
            "Downloads",
            "Activity log",
        ],
    ),
    "manager@demo.example": (
        "/portal/",
        [
            "Home",
            "Customers",
            "Orders",
            "Markup",
            "Leads",
            "Invoices",
            "Company",
            "Employees",
            "Support cases",
            "Knowledge base",
            "Live sessions",
            "Downloads",
            "Activity log",
        ],
    ),
    "sales@demo.example": (
        "/portal/",
        [
            "Home",
            "Customers",
            "Leads",
            "Company",
            "Support cases",
            "Knowledge base",
            "Live sessions",
            "Downloads",
        ],
    ),
    "basic@demo.example": (
        "/portal/",
        ["Home", "Company", "Support cases", "Knowledge base", "Live sessions", "Downloads"],
    ),
    "distributor@demo.example": (
        "/portal/",
        [
            "Home",
            "Customers",
            "Orders",
            "Provisioning",
            "Invoices",
            "Company",
            "Employees",
            "Resellers",
            "Support cases",
            "Knowledge base",
            "Live sessions",
            "Downloads",
            "Activity log",
        ],
    ),
    "vendor@demo.example": (
        "/console/",
        [
            "Overview",
            "Partners",
            "Customers",
            "Applications",
            "Leads",
            "Account requests",
            "Program terms",
            "Staff requests",
            "Support queue",
            "Catalogue",
            "Entitlement",
            "Live sessions",
            "Invoices",
            "Knowledge base",
            "Downloads",
            "Activity log",
            "Outbox",
        ],
    ),
    "support@demo.example": (
        "/console/",
        [
            "Overview",
            "Partners",
            "Customers",
            "Support queue",
            "Entitlement",
            "Live sessions",
            "Knowledge base",
            "Downloads",
        ],
    ),
    "customer@demo.example": ("/store/", ["Home", "Orders", "Invoices", "Users"]),
}


@pytest.mark.parametrize("email", list(NAVIGATION))
def test_each_demo_account_lands_home_with_its_navigation(page, email):
    home, labels = NAVIGATION[email]
    log_in(page, email)
    assert page.url.endswith(home)
    assert nav_labels(page) == labels
    for link in labels:  # every menu entry opens a working page
        page.click(f"aside nav a:text-is('{link}')")
        page.wait_for_load_state()
        expect(page.locator("h1").first).to_be_visible()
        assert "Not allowed" not in page.content()


def test_wrong_password_shows_a_clear_message(page):
    log_in(page, "reseller@demo.example", "not-the-password")
    assert page.url.endswith("/accounts/login/")
    assert page.get_by_role("alert").inner_text().strip() == (
        "The email address and/or password you specified are not correct."
    )
    assert page.input_value("#id_login") == "reseller@demo.example"


def test_deactivated_member_cannot_log_in(page):
    log_in(page, "former@demo.example")
    assert "/accounts/inactive/" in page.url
    assert "inactive" in page.locator("body").inner_text().lower()
    page.goto("/portal/")
    assert "/accounts/login/" in page.url


def test_a_url_typed_by_hand_outside_the_level_answers_403(page):
    log_in(page, "basic@demo.example")
    response = page.goto("/portal/employees/")
    assert response.status == 403
    assert "Not allowed" in page.content()
    response = page.goto("/console/")
    assert response.status == 403


def test_log_out(page):
    log_in(page, "sales@demo.example")
    page.click("text=Log out")
    page.wait_for_load_state()
    page.goto("/portal/")
    assert "/accounts/login/" in page.url


def test_phone_sized_screen_has_a_menu_button(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    log_in(page, "reseller@demo.example")
    assert not page.locator("aside nav").is_visible()
    page.click(".menu-toggle")
    assert page.locator("aside nav a:text-is('Employees')").is_visible()
    context.close()
