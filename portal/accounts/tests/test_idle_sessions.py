"""Idle sessions end (ASVS V7.3): after the configured minutes without a request, shorter for
vendor staff; reading pages does not rewrite the session on every request."""

import time

import pytest

from portal.tenancy.middleware import SESSION_LAST_SEEN_KEY


def _age_session(client, seconds):
    session = client.session
    session[SESSION_LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PORTAL_SESSION_IDLE_MINUTES = 30
    settings.PORTAL_VENDOR_SESSION_IDLE_MINUTES = 10


def test_a_partner_session_idle_too_long_ends_with_a_message(client, tenant_a, login):
    login(tenant_a.members["primary"])
    assert client.get("/portal/").status_code == 200
    _age_session(client, 31 * 60)
    response = client.get("/portal/employees/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "next=/portal/employees/" in response.url
    followed = client.get(response.url)
    assert b"30 minutes without activity" in followed.content
    assert client.get("/portal/").status_code == 302  # signed out for good


def test_a_partner_session_within_the_limit_goes_on(client, tenant_a, login):
    login(tenant_a.members["primary"])
    client.get("/portal/")
    _age_session(client, 29 * 60)
    assert client.get("/portal/").status_code == 200


def test_vendor_staff_have_the_shorter_limit(client, vendor_admin, login):
    login(vendor_admin)
    client.get("/console/")
    _age_session(client, 11 * 60)
    assert client.get("/console/").status_code == 302


def test_reading_pages_does_not_write_the_session_each_time(client, tenant_a, login):
    login(tenant_a.members["primary"])
    client.get("/portal/")
    from django.contrib.sessions.models import Session

    key = client.session.session_key
    before = Session.objects.get(session_key=key).session_data
    client.get("/portal/company/")
    client.get("/portal/employees/")
    assert Session.objects.get(session_key=key).session_data == before


def test_the_login_page_tells_the_limits(client):
    body = client.get("/accounts/login/").content.decode()
    assert "30 minutes without activity" in body and "10 minutes for vendor staff" in body
