"""My profile in a real browser: the two parts save on their own (PROF-1), TOTP login (AUTH-4)."""

import base64
import hashlib
import hmac
import struct
import time

from playwright.sync_api import expect

from portal.accounts.models import User

from .conftest import DEMO_PASSWORD, log_in

SALES = "sales@demo.example"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second counter, dynamically truncated to 6 digits."""
    key = base64.b32decode(secret, casefold=True)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(secret: str) -> str:
    """A code with a few seconds of its window left, so the server checks it in the same one."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.5)
    return totp_code(secret)


def test_rfc_6238_reference_value():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) → 287082 with 6.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp_code(secret, at=59) == "287082"


def test_saving_one_part_keeps_what_is_typed_in_the_other(page):
    log_in(page, SALES)
    page.goto("/profile/")
    # Type in both parts.
    page.fill("#id_job_title", "Channel sales lead")
    page.fill("#id_phone", "12 34")
    page.uncheck("#id_newsletter")
    page.uncheck("#id_case_emails")

    # A bad phone: the message at the field, what was typed kept, the other part untouched.
    page.click("#personal button[type=submit]")
    expect(page.locator("#personal .has-error .errorlist")).to_contain_text("international format")
    assert page.input_value("#id_phone") == "12 34"
    assert page.input_value("#id_job_title") == "Channel sales lead"
    assert not page.is_checked("#id_newsletter")

    # Save the preferences: the personal part still holds its typed text.
    page.fill("#id_phone", "+48 22 123 45 67")
    page.click("#preferences button[type=submit]")
    expect(page.locator("#preferences [role=status]")).to_be_visible()
    assert page.input_value("#id_job_title") == "Channel sales lead"
    assert page.input_value("#id_phone") == "+48 22 123 45 67"
    user = User.objects.get(email=SALES)
    assert (user.newsletter, user.update_notices, user.case_emails) == (False, True, False)
    assert user.job_title != "Channel sales lead"  # not saved yet

    # Save the personal part: the preferences keep their state, then both survive a reload.
    page.click("#personal button[type=submit]")
    expect(page.locator("#personal [role=status]")).to_be_visible()
    assert not page.is_checked("#id_newsletter")
    page.reload()
    assert page.input_value("#id_job_title") == "Channel sales lead"
    assert page.input_value("#id_phone") == "+48 22 123 45 67"
    assert not page.is_checked("#id_newsletter")
    assert page.is_checked("#id_update_notices")
    assert not page.is_checked("#id_case_emails")


def test_totp_enrolment_then_login_asks_for_the_code(page):
    log_in(page, SALES)
    page.goto("/profile/")
    expect(page.get_by_test_id("mfa-status")).to_have_text("Off")
    page.click("text=Turn on two-factor login")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again first
        page.fill("#id_password", DEMO_PASSWORD)
        page.click(".auth-card button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", fresh_code(secret))
    page.click("form.totp-activate button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.locator(".messages")).to_contain_text("Authenticator app activated")
    assert len(page.input_value("#recovery_codes").split()) == 10
    page.goto("/profile/")
    expect(page.get_by_test_id("mfa-status")).to_have_text("On")

    page.click("text=Log out")
    page.wait_for_load_state()
    log_in(page, SALES)
    assert "/accounts/2fa/authenticate/" in page.url
    page.fill("#id_code", "not-a-code")
    page.click(".auth-card button[type=submit]")
    expect(page.locator(".auth-card .errorlist")).to_contain_text("Incorrect code")
    for _attempt in range(2):
        page.fill("#id_code", fresh_code(secret))
        page.click(".auth-card button[type=submit]")
        page.wait_for_load_state()
        if page.url.endswith("/portal/"):
            break
        # The code of this window was already used (activation and login in one window).
        time.sleep(30 - time.time() % 30 + 0.5)
    assert page.url.endswith("/portal/")
    expect(page.get_by_test_id("whoami")).to_be_visible()


def test_open_forum_signs_in_there_with_the_stored_login(page, live_server, settings):
    settings.PORTAL_FORUM_LOGIN_URL = "https://forum.vendor.example/login"
    posted = {}

    def forum(route):
        posted["url"] = route.request.url
        posted["body"] = route.request.post_data
        posted["origin"] = route.request.header_value("origin")
        route.fulfill(status=200, content_type="text/html", body="<h1>Forum</h1>")

    page.context.route("https://forum.vendor.example/**", forum)
    log_in(page, SALES)
    page.goto("/profile/")
    page.fill("#id_username", "stefan.sales")
    page.fill("#id_password", "forum-secret-42")
    page.click("#forum button[type=submit]:text-is('Save')")
    expect(page.get_by_test_id("forum-password-stored")).to_be_visible()
    assert page.input_value("#id_password") == ""
    page.reload()
    assert "forum-secret-42" not in page.content()
    with page.context.expect_page() as forum_tab:
        page.get_by_role("button", name="Open forum").click()
    forum_tab.value.wait_for_load_state()
    expect(forum_tab.value.locator("h1")).to_have_text("Forum")
    assert posted["url"] == "https://forum.vendor.example/login"
    assert posted["body"] == "username=stefan.sales&password=forum-secret-42"
    assert posted["origin"] == live_server.url  # not "null": the forum can check it
