"""AUTH-1, AUTH-3, AUTH-5 through the real allauth views."""

import zoneinfo

import pytest
from django.core import mail
from django.core.cache import cache

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.team import services


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_lands_on_the_partner_home_with_a_new_session(client, tenant_a, password):
    client.get("/accounts/login/")
    before = client.session.session_key
    response = _login(client, "primary@alpharesale.test", password)
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/").url == "/portal/"
    assert AuditEvent.objects.filter(verb="auth.login", actor_email="primary@alpharesale.test")


def test_each_realm_has_its_own_home(client, tenant_a, vendor_admin, password):
    _login(client, vendor_admin.user.email, password)
    assert client.get("/").url == "/console/"
    client.post("/accounts/logout/")
    _login(client, tenant_a.storefront_user.user.email, password)
    assert client.get("/").url == "/store/"


def test_wrong_password_says_so_and_reveals_nothing(client, tenant_a):
    response = _login(client, "primary@alpharesale.test", "wrong-password-123")
    unknown = _login(client, "nobody@nowhere.test", "wrong-password-123")
    assert response.status_code == unknown.status_code == 200
    assert b"The email address and/or password you specified are not correct." in response.content
    assert response.content.count(b"not correct") == unknown.content.count(b"not correct")
    assert AuditEvent.objects.filter(verb="auth.login_failed").count() == 2


def test_failed_logins_are_throttled(client, tenant_a, password):
    for _ in range(5):
        _login(client, "primary@alpharesale.test", "wrong-password-123")
    response = _login(client, "primary@alpharesale.test", password)
    assert b"Too many failed login attempts" in response.content
    assert client.get("/portal/").status_code == 302  # the right password did not get in
    assert AuditEvent.objects.filter(verb="auth.login_throttled").exists()


def test_deactivated_member_is_refused_with_a_clear_message(client, tenant_a, password):
    services.membership_deactivate(
        actor=tenant_a.actor("primary"), membership=tenant_a.members["basic"]
    )
    response = _login(client, "basic@alpharesale.test", password)
    assert response.status_code == 302 and response.url == "/accounts/inactive/"
    assert b"inactive" in client.get(response.url).content.lower()
    assert client.get("/portal/").status_code == 302  # not signed in
    assert AuditEvent.objects.filter(verb="auth.login_refused_inactive").exists()


def test_deactivation_ends_open_sessions_at_once(client, tenant_a, password):
    _login(client, "basic@alpharesale.test", password)
    assert client.get("/portal/").status_code == 200
    services.membership_deactivate(
        actor=tenant_a.actor("primary"), membership=tenant_a.members["basic"]
    )
    response = client.get("/portal/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    services.membership_reactivate(
        actor=tenant_a.actor("primary"), membership=tenant_a.members["basic"]
    )
    assert _login(client, "basic@alpharesale.test", password).status_code == 302
    assert client.get("/portal/").status_code == 200


def test_logout(client, tenant_a, password):
    _login(client, "primary@alpharesale.test", password)
    client.post("/accounts/logout/")
    assert client.get("/portal/").status_code == 302


def test_no_self_signup(client, db):
    # allauth's sign-up page is not routed at all (portal/accounts/urls.py)
    assert client.get("/accounts/signup/").status_code == 404
    posted = client.post(
        "/accounts/signup/",
        {
            "email": "self@signup.test",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert posted.status_code == 404
    assert not User.objects.filter(email="self@signup.test").exists()


def test_change_password_needs_the_current_one_and_12_characters(client, tenant_a, password):
    _login(client, "sales@alpharesale.test", password)
    url = "/accounts/password/change/"
    wrong = client.post(
        url,
        {
            "oldpassword": "nope-nope-nope",
            "password1": "a-new-pass-phrase-1",
            "password2": "a-new-pass-phrase-1",
        },
    )
    assert wrong.status_code == 200 and b"current password" in wrong.content.lower()
    short = client.post(
        url, {"oldpassword": password, "password1": "Sh0rt-pass", "password2": "Sh0rt-pass"}
    )
    assert b"at least 12 characters" in short.content
    ok = client.post(
        url,
        {
            "oldpassword": password,
            "password1": "a-new-pass-phrase-1",
            "password2": "a-new-pass-phrase-1",
        },
    )
    assert ok.status_code == 302
    tenant_a.members["sales"].user.refresh_from_db()
    assert tenant_a.members["sales"].user.check_password("a-new-pass-phrase-1")


def test_password_reset_mail_goes_through_the_queue(
    client, tenant_a, django_capture_on_commit_callbacks
):
    from portal.mail.models import OutboundEmail

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "sales@alpharesale.test"})
    queued = OutboundEmail.objects.get(to="sales@alpharesale.test")
    assert queued.status == OutboundEmail.Status.SENT
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_reset_for_an_address_longer_than_254_characters_is_refused_at_the_field(client, db):
    """allauth's form allows 320 characters; the queued "no such account" email could not be
    stored (a 500 on PostgreSQL)."""
    from portal.mail.models import OutboundEmail

    address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".test"  # 313 characters, well-formed
    response = client.post("/accounts/password/reset/", {"email": address})
    assert response.status_code == 200
    assert "at most 254 characters" in response.context["form"].errors["email"][0]
    assert not OutboundEmail.objects.exists()


def test_django_admin_signs_in_through_the_portal_login(client, tenant_a, vendor_admin, login):
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    login(tenant_a.members["primary"])
    assert client.get("/admin/login/").status_code == 403


def test_pages_follow_the_persons_language(tenant_a, login):
    user = tenant_a.members["primary"].user
    user.language, user.time_zone = "pl", "America/New_York"
    user.save()
    response = login(tenant_a.members["primary"]).get("/portal/")
    assert response.wsgi_request.LANGUAGE_CODE == "pl"
    assert b'<html lang="pl">' in response.content


def test_dates_follow_the_persons_date_format(tenant_a, login):
    user = tenant_a.members["primary"].user
    user.date_format = "d.m.Y"
    user.save()
    basic = tenant_a.members["basic"]
    page = login(tenant_a.members["primary"]).get(f"/portal/employees/{basic.pk}/")
    local = basic.created_at.astimezone(zoneinfo.ZoneInfo(user.time_zone))
    assert local.strftime("%d.%m.%Y").encode() in page.content


def test_password_change_is_audited_and_reset_email_names_the_portal(
    client, tenant_a, password, django_capture_on_commit_callbacks
):
    _login(client, "sales@alpharesale.test", password)
    client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "a-new-pass-phrase-1",
            "password2": "a-new-pass-phrase-1",
        },
    )
    assert AuditEvent.objects.filter(
        verb="auth.password_changed", actor_email="sales@alpharesale.test"
    ).exists()
    client.post("/accounts/logout/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "sales@alpharesale.test"})
    assert "Partner Portal" in mail.outbox[-1].body and "from !" not in mail.outbox[-1].body


def test_the_reset_link_and_the_footer_name_the_configured_base_url(
    client, tenant_a, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8102"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password/reset/", {"email": "sales@alpharesale.test"}, HTTP_HOST="localhost"
        )
    body = mail.outbox[0].body
    assert "http://127.0.0.1:8102/accounts/password/reset/key/" in body
    assert "localhost" not in body
    assert "127.0.0.1:8102" in body.split("/accounts/password/reset/key/", 1)[1]  # the footer
