"""PROF-1, PROF-2, AUTH-4 through the pages: each part posts on its own, with and without htmx."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.profiles import services
from portal.profiles.middleware import VendorMfaRequiredMiddleware as MfaMiddleware
from portal.profiles.models import ForumCredential

PROFILE = "/profile/"
HTMX = {"HTTP_HX_REQUEST": "true"}
PERSONAL = {
    "full_name": "Sally Seller",
    "job_title": "Account executive",
    "phone": "+48 22 123 45 67",
    "language": "hu",
    "date_format": "d/m/Y",
    "time_zone": "Europe/Budapest",
}


@pytest.fixture
def sales(tenant_a, login):
    login(tenant_a.members["sales"])
    return tenant_a.members["sales"].user


def _reload(user):
    return type(user).objects.get(pk=user.pk)


def test_profile_is_for_signed_in_people_only(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.post(reverse("profiles:personal"), PERSONAL).status_code == 302


@pytest.mark.parametrize("who", ["basic", "primary", "storefront", "vendor"])
def test_every_realm_has_a_profile_page(tenant_a, vendor_admin, login, client, who):
    member = {
        "basic": tenant_a.members["basic"],
        "primary": tenant_a.members["primary"],
        "storefront": tenant_a.storefront_user,
        "vendor": vendor_admin,
    }[who]
    login(member)
    response = client.get(PROFILE)
    assert response.status_code == 200
    html = response.content.decode()
    for section in ('id="personal"', 'id="preferences"', 'id="security"'):
        assert section in html
    # the legacy forum is for partner members only (SPEC §3)
    assert ('id="forum"' in html) is (who in ("basic", "primary"))
    assert reverse("account_change_password") in html
    assert reverse("mfa_activate_totp") in html


def test_personal_information_saves_with_htmx_and_answers_only_its_section(client, sales):
    response = client.post(reverse("profiles:personal"), PERSONAL, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="personal"')
    assert 'id="preferences"' not in html
    # the new language (hu) takes effect on this very answer
    assert "Személyes adatait mentettük." in html
    assert 'value="+48 22 123 45 67"' in html
    user = _reload(sales)
    assert (user.full_name, user.job_title, user.language) == (
        "Sally Seller",
        "Account executive",
        "hu",
    )
    assert user.phone.as_e164 == "+48221234567"
    assert AuditEvent.objects.filter(verb="profile.updated", target_id=str(user.pk)).exists()


def test_without_htmx_the_part_redirects_back_with_a_message(client, sales):
    response = client.post(reverse("profiles:personal"), PERSONAL, follow=True)
    assert response.redirect_chain[-1][0].startswith(PROFILE)
    assert "Személyes adatait mentettük." in response.content.decode()  # in the new language
    assert _reload(sales).full_name == "Sally Seller"


@pytest.mark.parametrize("htmx", [True, False])
def test_a_bad_phone_is_refused_at_the_field_keeping_what_was_typed(client, sales, htmx):
    before = _reload(sales)
    data = {**PERSONAL, "phone": "12 34", "job_title": "Typed title"}
    response = client.post(reverse("profiles:personal"), data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    form = response.context["personal_form"]
    assert list(form.errors) == ["phone"]
    assert "international format" in form.errors["phone"][0]
    html = response.content.decode()
    assert 'value="12 34"' in html
    assert 'value="Typed title"' in html
    after = _reload(sales)
    assert (after.full_name, after.job_title, after.phone) == (
        before.full_name,
        before.job_title,
        before.phone,
    )
    assert not AuditEvent.objects.filter(verb="profile.updated").exists()


def test_an_empty_name_is_refused(client, sales):
    response = client.post(reverse("profiles:personal"), {**PERSONAL, "full_name": ""}, **HTMX)
    assert "full_name" in response.context["personal_form"].errors
    assert _reload(sales).full_name != ""


def test_preferences_save_on_their_own(client, sales):
    services_name = _reload(sales).full_name
    response = client.post(
        reverse("profiles:preferences"), {"update_notices": "on"}, **HTMX
    )  # unticked boxes are not posted
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="preferences"')
    user = _reload(sales)
    assert (user.newsletter, user.update_notices, user.case_emails) == (False, True, False)
    assert user.full_name == services_name


def test_the_part_urls_take_posts_only(client, sales):
    for name in ("personal", "preferences", "forum", "forum_open"):
        assert client.get(reverse(f"profiles:{name}")).status_code == 405


def test_forum_password_is_stored_encrypted_and_never_shown(client, sales):
    response = client.post(
        reverse("profiles:forum"), {"username": "sally", "password": "forum-secret-42"}, **HTMX
    )
    assert response.status_code == 200
    assert "forum-secret-42" not in response.content.decode()
    credential = ForumCredential.objects.get(user=sales)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password FROM profiles_forumcredential WHERE id = %s", [credential.pk]
        )
        stored = cursor.fetchone()[0]
    assert stored and "forum-secret-42" not in stored
    page = client.get(PROFILE).content.decode()
    assert "forum-secret-42" not in page
    assert stored not in page
    assert "A password is stored" in page
    assert 'value="sally"' in page


def test_an_empty_forum_password_keeps_the_stored_one(client, sales, tenant_a, settings):
    settings.PORTAL_FORUM_LOGIN_URL = "https://forum.test/login"
    services.forum_credential_save(
        actor=tenant_a.actor("sales"), username="sally", password="forum-secret-42"
    )
    client.post(reverse("profiles:forum"), {"username": "sally.s", "password": ""}, **HTMX)
    response = client.post(reverse("profiles:forum_open"))
    html = response.content.decode()
    assert 'name="username" value="sally.s"' in html
    assert 'name="password" value="forum-secret-42"' in html


def test_forum_credentials_can_be_removed(client, sales, tenant_a):
    services.forum_credential_save(
        actor=tenant_a.actor("sales"), username="sally", password="forum-secret-42"
    )
    response = client.post(reverse("profiles:forum"), {"username": "", "remove": "1"}, **HTMX)
    assert "Your forum credentials are removed." in response.content.decode()
    assert not ForumCredential.objects.filter(user=sales).exists()


def test_open_forum_posts_the_login_to_the_forum(client, sales, tenant_a, settings):
    settings.PORTAL_FORUM_LOGIN_URL = "https://forum.test/login"
    services.forum_credential_save(
        actor=tenant_a.actor("sales"), username="sally", password="forum-secret-42"
    )
    response = client.post(reverse("profiles:forum_open"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<form id="forum-login" method="post" action="https://forum.test/login"' in html
    assert "data-autosubmit-on-load" in html and "js/portal.js" in html
    assert "form-action 'self' https://forum.test" in response["Content-Security-Policy"]
    assert 'name="username" value="sally"' in html
    assert 'name="password" value="forum-secret-42"' in html


def test_open_forum_without_a_forum_configured_says_so(client, sales, tenant_a, settings):
    settings.PORTAL_FORUM_LOGIN_URL = ""
    services.forum_credential_save(
        actor=tenant_a.actor("sales"), username="sally", password="forum-secret-42"
    )
    response = client.post(reverse("profiles:forum_open"), follow=True)
    assert response.status_code == 200
    assert "No forum is connected to this portal yet" in response.content.decode()
    assert "forum-secret-42" not in response.content.decode()


def test_open_forum_without_credentials_says_so(client, sales, settings):
    settings.PORTAL_FORUM_LOGIN_URL = "https://forum.test/login"
    response = client.post(reverse("profiles:forum_open"), follow=True)
    assert "No forum credentials are stored" in response.content.decode()


def test_open_forum_is_csrf_protected(tenant_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant_a.members["sales"].user)
    assert client.post(reverse("profiles:forum_open")).status_code == 403


def test_each_person_sees_only_their_own_forum_login(client, tenant_a, login, settings):
    settings.PORTAL_FORUM_LOGIN_URL = "https://forum.test/login"
    services.forum_credential_save(
        actor=tenant_a.actor("primary"), username="boss", password="boss-secret"
    )
    login(tenant_a.members["sales"])
    assert "boss" not in client.get(PROFILE).content.decode()
    response = client.post(reverse("profiles:forum_open"), follow=True)
    assert "boss-secret" not in response.content.decode()


# AUTH-4: vendor staff must enrol in two-factor login.


MFA_MIDDLEWARE = "portal.profiles.middleware.VendorMfaRequiredMiddleware"
ACTOR_MIDDLEWARE = "portal.tenancy.middleware.ActorMiddleware"


@pytest.fixture
def mfa_middleware(settings):
    middleware = [m for m in settings.MIDDLEWARE if m != MFA_MIDDLEWARE]
    middleware.insert(middleware.index(ACTOR_MIDDLEWARE) + 1, MFA_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    return settings


def test_the_mfa_middleware_is_wired_after_the_actor_middleware():
    from django.conf import settings

    assert MFA_MIDDLEWARE in settings.MIDDLEWARE, "add it to MIDDLEWARE in config/settings/base.py"
    assert settings.MIDDLEWARE.index(MFA_MIDDLEWARE) > settings.MIDDLEWARE.index(ACTOR_MIDDLEWARE)


def test_a_vendor_without_totp_is_sent_to_set_it_up(
    client, vendor_admin, login, password, mfa_middleware
):
    mfa_middleware.PORTAL_REQUIRE_VENDOR_MFA = True
    login(vendor_admin)
    activate = reverse("mfa_activate_totp")
    for url in ("/console/", PROFILE, "/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == activate
    htmx = client.post(reverse("profiles:preferences"), {}, **HTMX)
    assert htmx["HX-Redirect"] == activate
    # allauth's own pages stay reachable: confirm the password, set up TOTP, log out.
    response = client.get(activate, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(
        f"{reverse('account_reauthenticate')}?next={activate}", {"password": password}, follow=True
    )
    assert response.request["PATH_INFO"] == activate
    assert "authenticator_secret" in response.content.decode()
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_a_vendor_with_totp_goes_where_they_asked(client, vendor_admin, login, mfa_middleware):
    mfa_middleware.PORTAL_REQUIRE_VENDOR_MFA = True
    Authenticator.objects.create(
        user=vendor_admin.user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    login(vendor_admin)
    assert client.get("/console/").status_code == 200


def test_the_requirement_is_off_with_the_setting(client, vendor_admin, login, mfa_middleware):
    mfa_middleware.PORTAL_REQUIRE_VENDOR_MFA = False
    login(vendor_admin)
    assert client.get("/console/").status_code == 200


def test_partner_members_are_not_forced(client, tenant_a, login, mfa_middleware):
    mfa_middleware.PORTAL_REQUIRE_VENDOR_MFA = True
    login(tenant_a.members["primary"])
    assert client.get("/portal/").status_code == 200
    assert client.get(PROFILE).status_code == 200


def test_only_allauth_pages_and_static_files_are_exempt():
    assert MfaMiddleware._exempt("/static/css/portal.css")
    assert MfaMiddleware._exempt(reverse("mfa_activate_totp"))
    assert MfaMiddleware._exempt(reverse("mfa_authenticate"))
    assert MfaMiddleware._exempt(reverse("account_logout"))
    assert not MfaMiddleware._exempt("/console/")
    assert not MfaMiddleware._exempt(PROFILE)
    assert not MfaMiddleware._exempt(reverse("profiles:forum_open"))


def test_vendor_staff_cannot_turn_off_a_required_authenticator(
    vendor_admin, tenant_a, settings, rf
):
    from allauth.core.context import request_context

    from portal.demo.testing import actor_for
    from portal.profiles.mfa import PortalMFAAdapter

    totp = Authenticator(user=vendor_admin.user, type=Authenticator.Type.TOTP, data={})
    request = rf.get("/")
    request.actor = actor_for(vendor_admin)
    settings.PORTAL_REQUIRE_VENDOR_MFA = True
    with request_context(request):
        assert not PortalMFAAdapter().can_delete_authenticator(totp)
        request.actor = tenant_a.actor("primary")
        assert PortalMFAAdapter().can_delete_authenticator(totp)
        request.actor = actor_for(vendor_admin)
        settings.PORTAL_REQUIRE_VENDOR_MFA = False
        assert PortalMFAAdapter().can_delete_authenticator(totp)


def test_a_new_language_takes_effect_on_the_same_response(client, sales, tenant_a):
    data = {
        "full_name": sales.full_name,
        "job_title": sales.job_title,
        "phone": "",
        "language": "pl",
        "date_format": sales.date_format,
        "time_zone": sales.time_zone,
    }
    response = client.post(reverse("profiles:personal"), data, **HTMX)
    body = response.content.decode()
    assert "Zapisz" in body and "Save" not in body.replace("Saved", "")
    assert response["HX-Refresh"] == "true"  # the menu follows on the reload
