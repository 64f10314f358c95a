"""The reseller program as people go through it in a browser (issue 12): a company applies,
the vendor accepts, the new Primary activates, accepts the program terms and reaches the portal;
a client registers through a reseller's link, the reseller sees the lead, the vendor converts it
and the account appears in the reseller's My Customers. Each new page passes axe's serious and
critical accessibility checks."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in

AXE = Axe()


def _new_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    return context.new_page()


def _accessible(page):
    results = AXE.run(page)
    serious = [
        (v["id"], [node["target"] for node in v["nodes"]][:5])
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: {serious}"


def _fill_company(page, name, tax_id, email):
    page.fill("#id_company_name", name)
    page.fill("#id_tax_id", tax_id)
    page.select_option("#id_country", "PL")
    page.fill("#id_address", "ul. Długa 5")
    page.fill("#id_city", "Gdańsk")
    page.fill("#id_postcode", "80-001")
    page.fill("#id_contact_name", "Olga Owner")
    page.fill("#id_email", email)
    page.fill("#id_phone", "+48 58 123 45 67")


def test_application_acceptance_activation_terms_and_portal(page, browser, live_server):
    applicant = _new_page(browser, live_server)
    applicant.goto("/apply/")
    _accessible(applicant)
    _fill_company(applicant, "Gdańsk Web Studio", "8567346216", "olga@gdansk-web.example")
    applicant.click("button:text-is('Send application')")
    assert "check digit" in applicant.locator("[data-field=tax_id] .errorlist").inner_text()
    assert applicant.input_value("#id_company_name") == "Gdańsk Web Studio"  # input kept
    applicant.fill("#id_tax_id", "8567346215")
    applicant.click("button:text-is('Send application')")
    assert "Thank you" in applicant.locator("h1").inner_text()

    log_in(page, "vendor@demo.example")
    page.click("aside nav a:text-is('Applications')")
    _accessible(page)
    rows = page.locator("tbody tr")
    assert "Kovács Digital" in rows.first.inner_text()  # oldest first, overdue
    assert "overdue" in rows.first.inner_text()
    page.click("text=Gdańsk Web Studio")
    _accessible(page)
    page.select_option("#id_parent", label="Central Europe Distribution")
    page.click("button:text-is('Accept application')")
    assert "is a reseller now" in page.locator(".messages").inner_text()
    assert "Reseller application accepted" in page.get_by_test_id("history").inner_text()

    page.click("aside nav a:text-is('Outbox')")
    page.locator("tr", has_text="olga@gdansk-web.example").filter(
        has_text="Activate"
    ).first.locator("a").first.click()
    body = page.get_by_test_id("email-body").inner_text()
    link = re.search(r"https?://\S+/activate/\S+/", body).group(0)

    applicant.goto(link[link.index("/activate/") :])
    applicant.fill("#id_new_password1", "olga-first-password")
    applicant.fill("#id_new_password2", "olga-first-password")
    applicant.click("button[type=submit]")
    assert applicant.url.endswith("/portal/program-terms/")  # the gate
    _accessible(applicant)
    assert "accept the current program terms" in applicant.get_by_test_id("terms-gate").inner_text()
    applicant.goto("/portal/company/")
    assert applicant.url.endswith("/portal/program-terms/")
    applicant.click("button:has-text('Accept version')")
    assert applicant.url.endswith("/portal/")
    assert "Gdańsk Web Studio" in applicant.locator(".topbar").inner_text()
    applicant.goto("/portal/company/")
    assert applicant.url.endswith("/portal/company/")

    page.goto("/console/programs/terms/?q=gdansk")
    assert "olga@gdansk-web.example" in page.locator("tbody").inner_text()


def test_registration_link_lead_conversion_and_my_customers(page, browser, live_server):
    log_in(page, "reseller@demo.example")
    page.click("aside nav a:text-is('Leads')")
    _accessible(page)
    url = page.input_value("#registration-link-url")
    assert "/register/" in url
    assert "Amber Florist" in page.locator("#lead-rows").inner_text()

    client = _new_page(browser, live_server)
    client.goto(url[url.index("/register/") :])
    _accessible(client)
    assert "Baltic IT Solutions" in client.content()
    _fill_company(client, "Sopot Surf Shop", "5260250995", "office@sopot-surf.example")
    client.fill("#id_phone", "12")
    client.click("button:text-is('Register')")
    assert "international format" in client.locator("[data-field=phone] .errorlist").inner_text()
    client.fill("#id_phone", "+48 58 765 43 21")
    client.click("button:text-is('Register')")
    assert "Thank you" in client.locator("h1").inner_text()

    page.reload()
    page.fill("input[name=q]", "Sopot Surf")
    page.locator("#lead-rows tbody tr", has_text="Sopot Surf Shop").wait_for()
    page.click("#lead-rows >> text=Sopot Surf Shop")
    _accessible(page)
    assert page.get_by_test_id("lead-form").is_visible()  # editable until converted

    vendor = _new_page(browser, live_server)
    log_in(vendor, "vendor@demo.example")
    vendor.click("aside nav a:text-is('Leads')")
    vendor.click("text=Sopot Surf Shop")
    _accessible(vendor)
    vendor.click("button:text-is('Convert into an account')")
    assert "is now a customer of Baltic IT Solutions" in vendor.locator(".messages").inner_text()

    page.reload()
    assert page.get_by_test_id("lead-readonly").is_visible()
    page.click("text=Open the account Sopot Surf Shop")
    assert "Sopot Surf Shop" in page.locator("h1").inner_text()
    page.goto("/portal/customers/?q=Sopot+Surf")
    # the grid's rows (the trend charts below have tables of their own)
    assert "Sopot Surf Shop" in page.locator("tbody").first.inner_text()

    # the same company again, through the form: a clear message that names nobody
    client.goto(url[url.index("/register/") :])
    _fill_company(client, "Sopot Surf Again", "5260250995", "again@sopot-surf.example")
    client.click("button:text-is('Register')")
    error = client.locator("[data-field=tax_id] .errorlist").inner_text()
    assert "already registered" in error and "Baltic" not in error

    # rotating the link: the old one is gone
    page.goto("/portal/leads/")
    page.click("button:text-is('Make a new link')")
    page.get_by_test_id("confirm-ok").click()  # the portal's own dialog
    expect(page.locator("#registration-link-url")).not_to_have_value(url)
    assert client.goto(url[url.index("/register/") :]).status == 404


def test_change_request_applied_by_the_vendor(page, browser, live_server):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/leads/?status=converted")
    page.click("#lead-rows >> text=Amber Florist")
    form = page.get_by_test_id("change-request-form")
    form.locator("#id_change-city").fill("Sopot")
    form.locator("button[type=submit]").click()
    message = page.locator(".messages").inner_text()
    assert "sent to the vendor" in message
    reference = re.search(r"REQ-\d{4}-\d{6}", message).group(0)

    vendor = _new_page(browser, live_server)
    log_in(vendor, "vendor@demo.example")
    vendor.click("aside nav a:text-is('Account requests')")
    _accessible(vendor)
    vendor.fill("input[name=q]", reference)
    vendor.click("button:text-is('Filter')")
    vendor.click(f"text={reference}")
    assert "Sopot" in vendor.locator("table").first.inner_text()
    vendor.click("button:text-is('Apply request')")
    page.reload()
    assert "Applied" in page.get_by_test_id("account-requests").inner_text()
    assert "Sopot" in page.content()
