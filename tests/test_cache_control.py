"""Issue 8.5: pages of a signed-in person are never stored by a cache (`Cache-Control: no-store,
private`), under the test settings and under the production settings; anonymous answers such as
the load balancer's health check keep their headers."""

import importlib

import pytest
from django.conf import settings
from django.test import override_settings

from portal.mail.services import email_queue

# What production changes that has nothing to do with answering a request in a test, or that
# stands between the test's person and the page.
NOT_FOR_REQUESTS = {
    "CACHES",
    "DATABASES",
    "DEFAULT_STORAGE",
    "EMAIL_BACKEND",
    "PASSWORD_HASHERS",
    "PORTAL_FIELD_ENCRYPTION_KEYS",
    "PORTAL_REQUIRE_VENDOR_MFA",  # the outbox would send the admin to enrol (tested elsewhere)
    "SECRET_KEY",
    "STORAGES",
    "TASKS",
}


@pytest.fixture(params=["test", "production"])
def site(request, monkeypatch):
    """The settings a request meets: as they are in tests, or those of production."""
    if request.param == "test":
        yield {}
        return
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "portal.example.com")
    production = importlib.import_module("config.settings.production")
    changed = {
        name: getattr(production, name)
        for name in dir(production)
        if name.isupper()
        and name not in NOT_FOR_REQUESTS
        and getattr(production, name) != getattr(settings, name, object())
    }
    with override_settings(**changed):
        yield {"secure": True, "HTTP_HOST": "portal.example.com"}


def _pages(tenant, vendor_admin):
    email = email_queue(to="someone@alpha.test", subject="Hello", body_text="Body")
    partner = tenant.members["primary"]
    return [
        (partner, "/portal/employees/"),
        (partner, f"/portal/employees/{tenant.members['basic'].pk}/"),
        (partner, "/portal/customers/"),
        (partner, f"/portal/customers/{tenant.customers[0].pk}/"),
        (vendor_admin, "/console/mail/outbox/"),
        (vendor_admin, f"/console/mail/outbox/{email.pk}/"),
    ]


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_pages_of_a_signed_in_person_are_never_stored(site, tenant_a, vendor_admin, login):
    for member, url in _pages(tenant_a, vendor_admin):
        response = login(member).get(url, **site)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _directives(response), url


def test_a_redirect_and_a_refusal_to_a_signed_in_person_are_not_stored_either(
    site, tenant_a, login
):
    client = login(tenant_a.members["basic"])
    for url in ("/", "/console/mail/outbox/"):
        response = client.get(url, **site)
        assert response.status_code in (302, 403), url
        assert "no-store" in _directives(response), url


def test_the_public_health_check_keeps_its_headers(site, client):
    response = client.get("/healthz", **site)
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def test_static_files_are_answered_before_the_cache_rule():
    """WhiteNoise answers static files before the rule runs, so they stay cacheable."""
    middleware = settings.MIDDLEWARE
    rule = middleware.index("portal.core.middleware.NoStoreForSignedInMiddleware")
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < rule
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < rule
