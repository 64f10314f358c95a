"""The trail in a browser while pages are kept (issue 9): a colleague's sign-in shows in the
activity log and in the admin's list at once, and the lists kept before it stay as they were."""

from playwright.sync_api import expect

from .conftest import log_in


def _sign_in_elsewhere(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url)
    log_in(context.new_page(), email)
    context.close()


def test_a_colleagues_sign_in_shows_in_the_activity_log_at_once(page, browser, live_server):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/activity/?verb=auth.login")
    sign_ins = page.locator("tbody tr", has_text="Stefan Sales")
    before = sign_ins.count()
    page.goto("/portal/customers/")
    grid = page.locator("main table.responsive").inner_text()

    _sign_in_elsewhere(browser, live_server, "sales@demo.example")

    page.goto("/portal/activity/?verb=auth.login")
    expect(sign_ins).to_have_count(before + 1)
    expect(sign_ins.first).to_contain_text("Signed in")
    page.goto("/portal/customers/")
    assert page.locator("main table.responsive").inner_text() == grid


def test_the_admins_list_of_the_trail_shows_a_new_sign_in(page, browser, live_server):
    log_in(page, "vendor@demo.example")
    page.goto("/admin/audit/auditevent/?verb=auth.login")
    expect(page.get_by_role("heading", name="Select audit event to view")).to_be_visible()
    sign_ins = page.locator("#result_list tbody tr", has_text="sales@demo.example")
    before = sign_ins.count()

    _sign_in_elsewhere(browser, live_server, "sales@demo.example")

    page.reload()
    expect(sign_ins).to_have_count(before + 1)
