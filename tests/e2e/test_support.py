"""Support desk flows (issue 13) in a browser on the demo data: a case from creation to the
technician's reply, who sees whose cases, the knowledge base logged out, and an accessibility
check (axe) of the support pages."""

import re

from portal.mail.models import OutboundEmail

from .conftest import log_in


def _new_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    return context.new_page()


def test_basic_creates_a_case_technician_assigns_and_replies_partner_sees_it(
    page, browser, live_server
):
    log_in(page, "basic@demo.example")
    page.click("aside nav a:text-is('Support cases')")
    page.click("text=Create a new case")
    page.fill("#id_subject", "Till freezes at closing time")
    page.select_option("#id_severity", "high")
    page.fill("#id_description", "Every evening at 22:00 the till freezes.")
    page.set_input_files(
        "#id_files",
        files=[{"name": "screen.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n"}],
    )
    page.click("button:text-is('Create case')")
    reference = page.get_by_test_id("case-reference").inner_text()
    assert re.fullmatch(r"CASE-\d{4}-\d{6}", reference)
    assert "screen.png" in page.content()
    mail = OutboundEmail.objects.get(to="basic@demo.example", subject__contains=reference)
    link = re.search(r"https?://\S+/portal/support/cases/\d+/", mail.body_text).group(0)

    tech = _new_page(browser, live_server)
    log_in(tech, "support@demo.example")
    tech.click("aside nav a:text-is('Support queue')")
    tech.click(f"text={reference}")
    tech.click("button:text-is('Assign')")  # to themselves, the preselected technician
    assert "Case assigned." in tech.locator(".messages").inner_text()
    tech.fill("#id_body", "Please send the log of the last evening.")
    tech.select_option("#id_status", "waiting")
    tech.click("button:text-is('Save')")
    assert "Reply sent" in tech.locator(".messages").inner_text()
    tech.fill("#id_body", "INTERNAL: probably the backup job")
    tech.check("#id_internal")
    tech.click("button:text-is('Save')")
    assert OutboundEmail.objects.filter(
        to="basic@demo.example", subject__contains="vendor support replied"
    ).exists()

    page.goto("/" + link.split("/", 3)[3])  # the email's link, on the test server
    assert "Please send the log of the last evening." in page.content()
    assert "INTERNAL" not in page.content()
    assert "Waiting for partner" in page.content()
    page.fill("#id_body", "Log attached tomorrow.")
    page.click("button:text-is('Add to case')")
    assert "Your update was added" in page.locator(".messages").inner_text()
    assert OutboundEmail.objects.filter(
        to="support@demo.example", subject__contains=reference
    ).exists()


def test_manager_sees_a_colleagues_case_basic_does_not(page, browser, live_server):
    log_in(page, "manager@demo.example")
    page.click("aside nav a:text-is('Support cases')")
    rows = page.locator("#case-rows").inner_text()
    assert "Licence count shows one seat too few" in rows  # the Sales member's case
    assert "Phone: till offline" not in rows  # a phone case, never in the portal
    page.get_by_test_id("show-mine").click()
    assert "Licence count shows one seat too few" not in page.locator("#case-rows").inner_text()

    basic = _new_page(browser, live_server)
    log_in(basic, "basic@demo.example")
    basic.goto("/portal/support/")
    rows = basic.locator("#case-rows").inner_text()
    assert "Receipt printer prints empty pages" in rows
    assert "Licence count shows one seat too few" not in rows


def test_public_article_readable_logged_out_restricted_asks_to_log_in(page):
    page.goto("/kb/")
    assert "Installing the server on Windows" in page.content()
    assert "Moving the database to a new server" not in page.content()
    page.click("text=Installing the server on Windows")
    assert "Run the installer as administrator" in page.get_by_test_id("article").inner_text()
    page.goto("/kb/?q=printer")
    assert "Printing receipts on a network printer" in page.content()

    from portal.support.models import Article

    restricted = Article.objects.get(title="Moving the database to a new server")
    page.goto(f"/kb/{restricted.pk}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_login", "basic@demo.example")
    page.fill("#id_password", "portal-demo-pass")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "copy the data folder" in page.get_by_test_id("article").inner_text()


def test_support_pages_pass_the_accessibility_check(page, browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = []

    def check(p, url):
        p.goto(url)
        results = axe.run(p)
        serious = [
            v
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical") and v["id"] != "color-contrast"
        ]
        if serious:
            failures.append((url, [(v["id"], v["nodes"][0]["html"][:120]) for v in serious]))

    check(page, "/kb/")
    log_in(page, "manager@demo.example")
    for url in (
        "/portal/support/",
        "/portal/support/new/",
        "/portal/support/sessions/",
        "/portal/support/downloads/",
        "/kb/",
    ):
        check(page, url)
    page.click("aside nav a:text-is('Support cases')")
    page.locator("#case-rows tbody a").first.click()
    check(page, page.url)
    desk = _new_page(browser, live_server)
    log_in(desk, "support@demo.example")
    for url in (
        "/console/support/",
        "/console/support/phone/",
        "/console/support/entitlement/",
        "/console/support/sessions/",
        "/console/support/kb/",
        "/console/support/downloads/",
        "/console/support/paid/",
    ):
        check(desk, url)
    desk.goto("/console/support/")
    desk.locator("#queue-rows tbody a").first.click()
    check(desk, desk.url)
    assert not failures, failures
