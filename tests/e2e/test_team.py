"""Company and team flows as a partner manager and vendor staff would go through them."""

import re

from playwright.sync_api import expect

from .conftest import log_in, nav_labels


def _new_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    return context.new_page()


def test_deactivate_ends_session_refuses_login_then_reactivate(page, browser, live_server):
    basic = _new_page(browser, live_server)
    log_in(basic, "basic@demo.example")
    assert basic.url.endswith("/portal/")

    log_in(page, "reseller@demo.example")
    page.click("aside nav a:text-is('Employees')")
    page.click("text=Beata Basic")
    page.click("button:text-is('Deactivate')")
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.get_by_test_id("employee-status")).to_have_text("Inactive")
    assert "can no longer log in" in page.locator(".messages").inner_text()

    basic.goto("/portal/company/")  # the open session ends on its next request
    assert "/accounts/login/" in basic.url
    log_in(basic, "basic@demo.example")
    assert "/accounts/inactive/" in basic.url

    page.click("text=Inactive")  # still listed, with history
    page.goto("/portal/employees/?status=inactive")
    assert "Beata Basic" in page.locator("#employee-rows").inner_text()
    page.click("text=Beata Basic")
    page.click("button:text-is('Reactivate')")
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.get_by_test_id("employee-status")).to_have_text("Active")
    basic.goto("/portal/")
    assert "/accounts/login/" in basic.url  # the old session stays ended
    log_in(basic, "basic@demo.example")
    assert basic.url.endswith("/portal/")
    assert "Delete" not in page.content()


def test_staff_request_approval_activation_and_first_login(page, browser, live_server):
    log_in(page, "manager@demo.example")
    page.goto("/portal/employees/")
    page.click("text=Request a new employee")
    levels = page.locator("#id_level option").all_inner_texts()
    assert "Primary / Owner" not in levels and "Manager / Supervisor" in levels
    page.fill("#id_full_name", "Wanda Welcome")
    page.fill("#id_email", "wanda@baltic-it.example")
    page.select_option("#id_level", "sales")
    page.click("button:text-is('Send request')")
    assert "Request sent" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text="wanda@baltic-it.example")
    assert "Pending" in row.inner_text()

    vendor = _new_page(browser, live_server)
    log_in(vendor, "vendor@demo.example")
    vendor.click("aside nav a:text-is('Staff requests')")
    rows = vendor.locator("tbody tr")
    assert "Oskar Overdue" in rows.first.inner_text()  # oldest first
    assert "overdue" in rows.first.inner_text()
    vendor.locator("tr", has_text="wanda@baltic-it.example").locator(
        "button:text-is('Approve')"
    ).click()
    # approving creates an account: the portal asks first, naming the person
    assert "wanda@baltic-it.example" in vendor.locator("#confirm-dialog").inner_text()
    vendor.get_by_test_id("confirm-ok").click()
    expect(vendor.locator(".messages")).to_contain_text("activation email")

    page.goto("/portal/employees/?status=not_activated")
    assert "Wanda Welcome" in page.locator("#employee-rows").inner_text()

    vendor.click("aside nav a:text-is('Outbox')")
    vendor.locator("tr", has_text="wanda@baltic-it.example").locator("a").first.click()
    body = vendor.get_by_test_id("email-body").inner_text()
    link = re.search(r"https?://\S+/activate/\S+/", body).group(0)
    path = link[link.index("/activate/") :]

    newcomer = _new_page(browser, live_server)
    newcomer.goto(path)
    newcomer.fill("#id_new_password1", "short")
    newcomer.fill("#id_new_password2", "short")
    newcomer.click("button[type=submit]")
    assert "at least 12 characters" in newcomer.content()
    newcomer.fill("#id_new_password1", "wanda-first-password")
    newcomer.fill("#id_new_password2", "wanda-first-password")
    newcomer.click("button[type=submit]")
    assert newcomer.url.endswith("/portal/")
    assert "Wanda Welcome" in newcomer.get_by_test_id("whoami").inner_text()
    # a new person speaks their company's language: Baltic IT Solutions is in Poland
    assert nav_labels(newcomer) == [
        "Strona główna",
        "Klienci",
        "Leady",
        "Firma",
        "Zgłoszenia serwisowe",
        "Baza wiedzy",
        "Sesje na żywo",
        "Do pobrania",
    ]

    newcomer.goto(path)  # single use
    assert "Ten link już nie działa" in newcomer.content()  # in her language, signed in
    newcomer.goto("/portal/")
    newcomer.click("button:text-is('Wyloguj')")
    log_in(newcomer, "wanda@baltic-it.example", "wanda-first-password")
    assert newcomer.url.endswith("/portal/")


def test_feature_access_change_changes_navigation(page, browser, live_server):
    sales = _new_page(browser, live_server)
    log_in(sales, "sales@demo.example")
    assert "Customers" in nav_labels(sales)

    log_in(page, "reseller@demo.example")
    page.goto("/portal/employees/")
    page.click("text=Stefan Sales")
    assert page.locator("[data-feature=billing] input").is_disabled()  # above the level
    page.uncheck("[data-feature=customers] input")
    page.click("button:text-is('Save')")
    assert "Saved" in page.locator(".messages").inner_text()

    sales.reload()
    assert "Customers" not in nav_labels(sales)
    assert sales.goto("/portal/customers/").status == 403


def test_company_parts_save_on_their_own(page):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/company/")
    page.fill("#id_billing_email", "typed-not-saved@baltic.example")
    page.fill("#id_tax_id", "1234567890")
    page.click("button:text-is('Save company information')")
    page.locator("#company-info .errorlist").wait_for()
    assert "check digit is wrong" in page.locator("#company-info").inner_text()
    assert page.input_value("#id_tax_id") == "1234567890"
    assert page.input_value("#id_billing_email") == "typed-not-saved@baltic.example"
    page.fill("#id_tax_id", "526-025-02-74")
    page.click("button:text-is('Save company information')")
    page.wait_for_selector("#company-info .alert.success")
    assert page.input_value("#id_billing_email") == "typed-not-saved@baltic.example"


def test_vendor_transfers_company_manager(page):
    log_in(page, "vendor@demo.example")
    page.click("aside nav a:text-is('Partners')")
    page.click("text=Baltic IT Solutions")
    # the picker asks the server: type, then choose among the matches
    page.fill("#manager-search", "Monika")
    page.locator("#manager-candidates legend", has_text="Monika").wait_for()
    assert page.locator("#manager-candidates input[type=radio]").count() == 1
    page.locator("#manager-candidates label", has_text="Monika Manager").click()
    page.click("button:text-is('Transfer role')")
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.locator(".messages")).to_contain_text("Monika Manager is now")
    assert "Monika Manager is now the company manager" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text="manager@demo.example")
    assert "Company manager" in row.inner_text() and "Primary / Owner" in row.inner_text()


def test_no_partner_member_can_transfer_the_manager_role(page):
    log_in(page, "reseller@demo.example")
    assert page.goto("/console/team/partners/").status == 403


def test_trying_another_level_and_back_keeps_the_ticks(page):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/employees/")
    page.click("text=Stefan Sales")
    box = page.locator("[data-feature=sales_marketing] input")
    assert box.is_checked()
    page.select_option("#id_level", "basic")
    assert box.is_disabled() and not box.is_checked()
    page.select_option("#id_level", "sales")
    assert box.is_enabled() and box.is_checked()


def test_an_activation_counts_on_the_home_at_once(page, browser, live_server):
    """A not-activated employee is not among the home's active employees; the moment they
    activate their login, they are."""
    from portal.mail.models import OutboundEmail

    log_in(page, "reseller@demo.example")
    page.goto("/portal/")
    before = int(page.locator(".card", has_text="active employees").locator(".stat").inner_text())
    page.goto("/portal/employees/?status=not_activated")
    page.click("text=Natalia Newhire")
    page.click("button:text-is('Resend activation')")
    expect(page.locator(".messages")).to_contain_text("activation link was sent")

    email = OutboundEmail.objects.filter(to="newhire@demo.example").latest("pk")
    activation = re.search(r"/activate/\S+/", email.body_text).group(0)
    natalia = _new_page(browser, live_server)
    natalia.goto(activation)
    natalia.fill("#id_new_password1", "natalia-first-password")
    natalia.fill("#id_new_password2", "natalia-first-password")
    natalia.click("button[type=submit]")
    assert natalia.url.endswith("/portal/")

    page.goto("/portal/")
    after = int(page.locator(".card", has_text="active employees").locator(".stat").inner_text())
    assert after == before + 1
    page.goto("/portal/employees/?status=active")
    assert "Natalia Newhire" in page.locator("#employee-rows").inner_text()
