"""Accessibility (issue 10, points 1 and 11): axe-core over every page of every demo account, the
portal's own confirmation dialog, the skip link and focus after htmx saves."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import expect

from portal.accounts.models import User

from .conftest import log_in

DEMO_ACCOUNTS = [
    "vendor@demo.example",
    "support@demo.example",
    "partners@demo.example",
    "billing@demo.example",
    "content@demo.example",
    "distributor@demo.example",
    "reseller@demo.example",
    "manager@demo.example",
    "sales@demo.example",
    "basic@demo.example",
    "it@demo.example",
    "customer@demo.example",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# A detail page is a link inside a page's table or list whose path ends in a number.
DETAIL = re.compile(r"/\d+/$")
# ...but not one that answers with a file (a support download) instead of a page
FILES = re.compile(r"/downloads/\d+/$")


def _serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the markup axe checks does not depend on the database; the walk (100 s) runs once, "
    "in CI's SQLite pass",
)
def test_no_serious_violations_on_any_page_of_any_demo_account(page):
    axe = Axe()
    found, checked, details_seen = {}, [], set()

    def check(url):
        page.goto(url)
        problems = _serious(axe.run(page, options=AXE_OPTIONS))
        checked.append(url)
        if problems:
            found[f"{email} {url}"] = problems

    for email in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        log_in(page, email)
        menu = page.locator("aside nav a").evaluate_all("links => links.map(a => a.pathname)")
        pages = [*menu, "/profile/"]
        for url in pages:
            check(url)
            # one detail page per list, the first time that list is seen
            if url in details_seen:
                continue
            links = page.locator("main a").evaluate_all("links => links.map(a => a.pathname)")
            detail = next(
                (
                    h
                    for h in links
                    if DETAIL.search(h) and h.startswith(url) and not FILES.search(h)
                ),
                None,
            )
            if detail:
                details_seen.add(url)
                check(detail)
    assert len(checked) >= 40, f"the walk reached only {checked}"
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())


def test_confirmation_is_the_portals_dialog_in_the_portals_language(page):
    User.objects.filter(email="reseller@demo.example").update(language="pl")
    log_in(page, "reseller@demo.example")
    page.goto("/portal/employees/")
    page.click("text=Beata Basic")
    deactivate = page.locator("form[data-confirm] button.danger")
    deactivate.click()
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible()
    assert dialog.get_by_test_id("confirm-cancel").inner_text() == "Anuluj"
    assert "Beata Basic" in dialog.inner_text()
    # the safe choice has focus; Escape closes and gives focus back, nothing happens
    assert page.evaluate("document.activeElement.dataset.testid") == "confirm-cancel"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('danger')")
    assert page.get_by_test_id("employee-status").inner_text() != "Nieaktywny"
    deactivate.click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("employee-status")).to_have_text("Nieaktywny")


def test_skip_link_and_visible_focus(page):
    log_in(page, "reseller@demo.example")
    page.goto("/portal/company/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.focus("#id_legal_name")
    outline = page.eval_on_selector(
        "#id_legal_name",
        "e => [getComputedStyle(e).outlineWidth, getComputedStyle(e).outlineColor]",
    )
    assert outline == ["3px", "rgb(31, 78, 140)"]  # the brand blue: 8.6:1 against white


@pytest.mark.parametrize("width", [1280, 390])
def test_after_an_htmx_save_the_answer_is_in_view_and_focused(page, width):
    page.set_viewport_size({"width": width, "height": 700})
    log_in(page, "reseller@demo.example")
    page.goto("/portal/company/")
    save = page.locator("button:text-is('Save billing & contacts')")
    save.scroll_into_view_if_needed()
    save.click()
    status = page.locator("#company-billing .alert.success")
    status.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('alert')", timeout=3000)
    assert status.is_visible() and _in_viewport(page, status)
    # an error: focus on the first wrong field
    page.fill("#id_billing_email", "")
    page.locator("button:text-is('Save billing & contacts')").click()
    page.locator("#company-billing .has-error").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'id_billing_email'", timeout=3000)
    assert _in_viewport(page, page.locator("#id_billing_email"))


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height
