"""Behind the production proxy (issue: every client had the proxy's address): the login limits
and the audit trail see the client's own address, and one office address is not a site-wide
limit for good logins."""

import pytest
from django.core.cache import cache

from portal.audit.models import AuditEvent
from portal.demo.testing import PASSWORD
from portal.team import services
from portal.tenancy.models import Level

PROXY = "10.0.0.2"
OFFICE = "203.0.113.7"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()


def _login(client, email, password, client_address):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_the_audit_trail_records_the_client_not_the_proxy(client, tenant_a):
    _login(client, "primary@alpharesale.test", PASSWORD, OFFICE)
    event = AuditEvent.objects.get(verb="auth.login")
    assert event.ip_address == OFFICE


def test_a_forged_forwarded_for_cannot_replace_the_address_the_proxy_saw(client, tenant_a):
    # The client sends its own X-Forwarded-For; the proxy appends the real address after it.
    _login(client, "primary@alpharesale.test", PASSWORD, f"198.51.100.1, {OFFICE}")
    assert AuditEvent.objects.get(verb="auth.login").ip_address == OFFICE


def test_an_office_of_fifty_signs_in_at_nine_through_one_address(client, tenant_a):
    office = tenant_a.organization
    people = [
        services.member_add(
            actor=None,
            organization=office,
            email=f"person{i}@alpharesale.test",
            full_name=f"Person {i}",
            role=Level.BASIC,
            password=PASSWORD,
        )
        for i in range(50)
    ]
    for membership in people:
        response = _login(client, membership.user.email, PASSWORD, OFFICE)
        assert response.status_code == 302, membership.user.email
        client.post("/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE)
    assert not AuditEvent.objects.filter(verb="auth.login_throttled").exists()


def test_failed_attempts_stay_limited_per_person_behind_the_proxy(client, tenant_a):
    for _ in range(5):
        _login(client, "primary@alpharesale.test", "wrong-password-123", OFFICE)
    refused = _login(client, "primary@alpharesale.test", PASSWORD, OFFICE)
    assert b"Too many failed login attempts" in refused.content


def test_failed_attempts_of_one_address_do_not_block_another(client, tenant_a):
    for i in range(30):
        _login(client, f"nobody{i}@x.test", "wrong-password-123", "198.51.100.9")
    assert _login(client, "primary@alpharesale.test", PASSWORD, OFFICE).status_code == 302
