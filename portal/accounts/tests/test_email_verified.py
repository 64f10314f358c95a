"""Issue 8, Medium 2: nothing an anonymous visitor does blocks two-factor enrolment; addresses
proven by activation or a completed password reset are verified."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal.team import services as team_services
from portal.tenancy.models import Level

MFA_MIDDLEWARE = "portal.profiles.middleware.VendorMfaRequiredMiddleware"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_an_anonymous_reset_request_does_not_block_a_vendors_enrolment(
    client, vendor_admin, password, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_REQUIRE_VENDOR_MFA = True
    email = vendor_admin.user.email
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": email})
    client.get("/accounts/password/reset/key/1-made-up-key/")  # a made-up link
    assert not EmailAddress.objects.filter(user=vendor_admin.user, verified=False).exists()

    client.force_login(vendor_admin.user)
    activate = reverse("mfa_activate_totp")
    assert client.get("/console/").url == activate
    client.post(f"{reverse('account_reauthenticate')}?next={activate}", {"password": password})
    page = client.get(activate)
    assert page.status_code == 200
    assert "authenticator_secret" in page.content.decode()
    assert "verified your email" not in page.content.decode()


def test_a_completed_reset_verifies_the_address(
    client, tenant_a, django_capture_on_commit_callbacks
):
    user = tenant_a.members["basic"].user
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path, follow=True)
    new = "a-new-long-password-42"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        (user.email, True)
    ]


def test_activation_verifies_the_address(
    tenant_a, vendor_admin, django_capture_on_commit_callbacks
):
    from portal.demo.testing import actor_for

    with django_capture_on_commit_callbacks(execute=True):
        membership = team_services.employee_add_direct(
            actor=actor_for(vendor_admin),
            organization=tenant_a.organization,
            full_name="Fresh Face",
            email="fresh@alpha.test",
            level=Level.BASIC,
        )
    raw = re.search(r"/activate/([^/\s]+)/", mail.outbox[-1].body).group(1)
    team_services.activation_complete(raw=raw, password="a-fine-long-password")
    address = EmailAddress.objects.get(user=membership.user)
    assert address.verified and address.primary and address.email == "fresh@alpha.test"
