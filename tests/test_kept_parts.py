"""Parts of pages kept in the figures cache (`{% kept %}`, portal/access/figures.py): the menu
and header of every page and the rows of the big lists come from the cache while nothing in the
reader's organization changed, and never show one reader what belongs to another (issue 9)."""

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access import figures
from portal.customers import services as customer_services
from portal.team import services as team_services
from portal.tenancy.models import Level
from tests.pages import without_csrf_tokens

CUSTOMER = {
    "email": "orders@kept.example",
    "address": "1 Cache Lane",
    "city": "Gdańsk",
    "country": "PL",
    "state": "",
    "postcode": "80-001",
    "phone": "",
}


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("primary", "/portal/customers/"),
        ("primary", "/portal/employees/"),
        ("primary", "/portal/company/"),
        ("primary", "/profile/"),
        ("primary", "/portal/orders/"),
        ("primary", "/portal/billing/"),
        ("primary", "/portal/activity/"),
        ("vendor", "/console/team/partners/"),
        ("vendor", "/console/audit/"),
        ("vendor", "/console/billing/invoices/"),
        ("vendor", "partner"),
        ("vendor", "/admin/audit/auditevent/"),
    ],
)
def test_a_second_view_reads_no_rows_and_shows_the_same(
    figures_cache, tenant_a, vendor_admin, login, who, url
):
    if url == "partner":
        url = f"/console/team/partners/{tenant_a.organization.pk}/"
    if url.startswith("/admin/"):  # vendor staff who also run Django's admin
        vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
        vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    client = login(vendor_admin if who == "vendor" else tenant_a.members[Level.PRIMARY])
    first_page, first = _get(client, url)
    second_page, second = _get(client, url)
    assert without_csrf_tokens(second_page) == without_csrf_tokens(first_page)
    # what is left: session, person, memberships, terms gate, the page's own object (the
    # admin's list still counts and reads its page before the template is rendered)
    assert second < first and second <= 5, (first, second)


def test_a_change_through_a_service_shows_on_the_next_view(
    figures_cache, tenant_a, login, django_capture_on_commit_callbacks
):
    client = login(tenant_a.members[Level.PRIMARY])
    assert "Kept Newcomer" not in _get(client, "/portal/customers/")[0]
    assert "Kept Newcomer" not in _get(client, "/portal/activity/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        customer_services.customer_create(
            actor=tenant_a.actor(Level.PRIMARY), name="Kept Newcomer", **CUSTOMER
        )
    assert "Kept Newcomer" in _get(client, "/portal/customers/")[0]
    assert "Kept Newcomer" in _get(client, "/portal/activity/")[0]


def test_the_console_sees_a_change_in_any_partner(
    figures_cache, tenant_a, vendor_admin, login, django_capture_on_commit_callbacks
):
    client = login(vendor_admin)
    basic = tenant_a.members[Level.BASIC]
    before = _get(client, "/console/audit/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        team_services.membership_deactivate(actor=tenant_a.actor(Level.PRIMARY), membership=basic)
    after = _get(client, "/console/audit/")[0]
    assert after.count(basic.user.full_name) > before.count(basic.user.full_name)


def test_each_reader_gets_their_own_menu(figures_cache, tenant_a, login):
    primary_page = _get(login(tenant_a.members[Level.PRIMARY]), "/portal/")[0]
    basic = tenant_a.members[Level.BASIC]
    basic_page = _get(login(basic), "/portal/")[0]
    assert basic.user.full_name in basic_page
    assert 'data-testid="whoami">' + basic.user.full_name in basic_page
    assert basic_page != primary_page
    # the Primary's menu has Employees; a Basic member's does not, even right after it
    assert 'href="/portal/employees/"' in primary_page
    assert 'href="/portal/employees/"' not in basic_page


def test_the_readers_language_is_part_of_the_key(figures_cache, tenant_a, login):
    primary = tenant_a.members[Level.PRIMARY]
    client = login(primary)
    assert ">Log out<" in _get(client, "/portal/customers/")[0]
    primary.user.language = "pl"
    primary.user.save(update_fields=["language"])
    assert ">Wyloguj" in _get(client, "/portal/customers/")[0]


def _logout_token(page: str) -> str:
    return re.search(
        r'action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" '
        r'value="([^"]+)"',
        page,
    )[1]


def test_a_kept_form_carries_the_token_of_each_response_and_session(figures_cache, tenant_a):
    """The kept header holds the log-out form: its CSRF token is filled in on every response,
    masked afresh, and after signing in again it is the new session's."""
    primary = tenant_a.members[Level.PRIMARY]
    client = Client(enforce_csrf_checks=True)
    client.force_login(primary.user)
    _get(client, "/portal/customers/")
    first, second = (_logout_token(_get(client, "/portal/customers/")[0]) for _ in range(2))
    assert first != second  # both served from the cache, each masked afresh
    client.logout()
    client.cookies.clear()
    client.force_login(primary.user)
    _get(client, "/portal/customers/")
    kept_page, queries = _get(client, "/portal/customers/")
    assert queries <= 5  # served from the cache
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": _logout_token(kept_page)})
    assert response.status_code == 302


def test_what_the_key_holds_of_the_reader(tenant_a, rf):
    """Only a GET is answered from the cache; the address, the person's name and date format,
    the companies they can switch to and the part's own extra key are each part of the key."""
    member = tenant_a.members[Level.PRIMARY]

    def variant(method="get", path="/portal/customers/", memberships=(member,), extra="", **user):
        request = getattr(rf, method)(path)
        request.user = member.user
        for name, value in user.items():
            setattr(member.user, name, value)
        request.memberships = list(memberships)
        return figures.reader_variant(request, extra)

    base = variant(full_name="Pat", date_format="iso")
    assert base and variant() == base
    assert variant(method="post") is None
    assert variant(path="/portal/customers/?page=2") != base
    assert variant(full_name="Someone Else") != variant(full_name="Pat")
    assert variant(date_format="dmy") != variant(date_format="iso")
    assert variant(memberships=(member, tenant_a.members[Level.BASIC])) != base
    assert variant(extra="x") != base


def test_a_new_name_shows_in_every_company_the_person_works_in(
    figures_cache, tenant_a, tenant_b, login, django_capture_on_commit_callbacks
):
    from portal.profiles import services as profile_services
    from portal.tenancy.models import Membership

    person = tenant_a.members[Level.BASIC]
    Membership.objects.create(user=person.user, organization=tenant_b.organization, role="basic")
    reader = login(tenant_b.members[Level.PRIMARY])
    assert "Renamed Person" not in _get(reader, "/portal/employees/")[0]
    user = person.user
    with django_capture_on_commit_callbacks(execute=True):
        profile_services.profile_update(
            actor=tenant_a.actor(Level.BASIC),
            full_name="Renamed Person",
            job_title=user.job_title,
            phone=user.phone,
            language=user.language,
            date_format=user.date_format,
            time_zone=user.time_zone,
        )
    assert "Renamed Person" in _get(reader, "/portal/employees/")[0]


def test_the_profile_shows_a_new_authenticator_at_once(
    figures_cache, tenant_a, tenant_b, password, django_capture_on_commit_callbacks
):
    """Two-factor login is turned on through allauth's pages, in another table than the
    person's: its signal tells every company of the person, the one they read the profile in
    as well, so the kept page is not shown again."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
    from django.urls import reverse

    from portal.tenancy.models import Membership

    member = tenant_a.members[Level.PRIMARY]
    elsewhere = Membership.objects.create(
        user=member.user, organization=tenant_b.organization, role="basic"
    )
    # allauth's pages, as the person uses them in one company: confirm the password, scan…
    setting_up = _signed_in(member)
    activate = reverse("mfa_activate_totp")
    setting_up.post(f"{reverse('account_reauthenticate')}?next={activate}", {"password": password})
    assert setting_up.get(activate).status_code == 200
    secret = setting_up.session[SECRET_SESSION_KEY]
    # …while their profile in the other company is kept
    reader = _signed_in(elsewhere)
    assert 'data-testid="mfa-status">Off' in _get(reader, "/profile/")[0]
    assert 'data-testid="mfa-status">Off' in _get(reader, "/profile/")[0]
    # …and type the code
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
        assert setting_up.post(activate, {"code": code}).status_code == 302
    assert 'data-testid="mfa-status">On' in _get(reader, "/profile/")[0]


def _signed_in(membership):
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session["active_membership_id"] = membership.pk
    session.save()
    return client


def test_a_forum_login_saved_in_one_company_shows_on_the_profile_in_another(
    figures_cache, tenant_a, tenant_b, login, django_capture_on_commit_callbacks
):
    from portal.profiles import services as profile_services
    from portal.tenancy.models import Membership

    member = tenant_a.members[Level.PRIMARY]
    elsewhere = Membership.objects.create(
        user=member.user, organization=tenant_b.organization, role="basic"
    )
    reader = login(elsewhere)
    assert "kept-forum-name" not in _get(reader, "/profile/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        profile_services.forum_credential_save(
            actor=tenant_a.actor(Level.PRIMARY), username="kept-forum-name", password="s3cret!"
        )
    assert "kept-forum-name" in _get(reader, "/profile/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        profile_services.forum_credential_delete(actor=tenant_a.actor(Level.PRIMARY))
    assert "kept-forum-name" not in _get(reader, "/profile/")[0]


def test_a_second_view_of_the_profile_reads_neither_authenticators_nor_forum_logins(
    figures_cache, tenant_a, login
):
    client = login(tenant_a.members[Level.PRIMARY])
    _get(client, "/profile/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/profile/").status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "mfa_authenticator" not in tables and "profiles_forumcredential" not in tables


def test_a_renamed_distributor_shows_on_its_resellers_company_page(
    figures_cache, tenant_a, login, django_capture_on_commit_callbacks
):
    """The company page names the company above; a change there moves no version of the
    companies below, so its name is part of the page's key."""
    client = login(tenant_a.members[Level.PRIMARY])
    distributor = tenant_a.organization.parent
    assert distributor.name in _get(client, "/portal/company/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        type(distributor).objects.filter(pk=distributor.pk).update(name="Renamed Distribution")
    assert "Renamed Distribution" in _get(client, "/portal/company/")[0]


def test_a_page_view_reads_its_versions_before_the_view_reads_data(figures_cache, tenant_a, login):
    """A change committed while the view reads must not be kept under the newer version: the
    versions are read before the view (FigureVersionsMiddleware) and used for the whole page."""
    from portal.access.middleware import FigureVersionsMiddleware

    seen = {}

    def view(request):
        seen["before"] = dict(request._figure_versions)
        figures.organization_changed(tenant_a.organization)  # committed during the view
        seen["after"] = figures._versions(tenant_a.organization, request)
        return None

    request = rf_get_with_actor(tenant_a)
    FigureVersionsMiddleware(view)(request)
    assert seen["after"] == seen["before"][tenant_a.organization.pk][0]  # the data versions
    assert figures._versions(tenant_a.organization) != seen["after"]  # the next view's


def rf_get_with_actor(tenant):
    from django.test import RequestFactory

    request = RequestFactory().get("/portal/customers/")
    request.actor = tenant.actor(Level.PRIMARY)
    return request


def _renamed_in_the_admin(vendor_admin, organization, name: str):
    """A rename through Django's admin, as staff make it: the change form sent back."""
    vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
    vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    staff = _signed_in(vendor_admin)
    response = staff.post(
        f"/admin/tenancy/organization/{organization.pk}/change/",
        {"name": name, "tier": organization.tier, "is_active": "on", "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_change_in_djangos_admin_moves_every_version(figures_cache, tenant_a, vendor_admin):
    before = figures._versions(tenant_a.organization)
    _renamed_in_the_admin(vendor_admin, tenant_a.organization, "Renamed in the Admin")
    assert figures._versions(tenant_a.organization) != before


def test_a_sign_in_leaves_the_lists_kept_and_shows_in_the_activity_log(
    figures_cache, tenant_a, login, django_capture_on_commit_callbacks
):
    """Sign-ins move only the trail's version: the lists stay kept, the activity log does not."""
    from portal.audit.services import audit_auth_event
    from portal.audit.verbs import AuthVerb

    client = login(tenant_a.members[Level.PRIMARY])
    basic = tenant_a.members[Level.BASIC]
    _get(client, "/portal/customers/")
    activity_before = _get(client, "/portal/activity/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        audit_auth_event(verb=AuthVerb.LOGIN, user=basic.user)
    assert _get(client, "/portal/customers/")[1] <= 5  # still kept
    activity_after = _get(client, "/portal/activity/")[0]
    assert activity_after.count("Signed in") > activity_before.count("Signed in")


def test_a_change_of_data_moves_both_versions(figures_cache, tenant_a):
    data_before = figures._versions(tenant_a.organization)
    trail_before = figures._versions(tenant_a.organization, trail=True)
    figures.organization_changed(tenant_a.organization, trail_only=True)
    assert figures._versions(tenant_a.organization) == data_before
    trail_after = figures._versions(tenant_a.organization, trail=True)
    assert trail_after != trail_before
    figures.organization_changed(tenant_a.organization)
    assert figures._versions(tenant_a.organization) != data_before
    assert figures._versions(tenant_a.organization, trail=True) != trail_after


def test_only_declared_verbs_can_be_trail_only():
    from django.core.exceptions import ImproperlyConfigured
    from django.db import models

    from portal.audit.verbs import TRAIL_ONLY_VERBS, register

    class Undeclared(models.TextChoices):
        READ = "kept.read", "Read"

    with pytest.raises(ImproperlyConfigured):
        register(Undeclared, trail_only=["kept.unread"])
    assert "kept.unread" not in TRAIL_ONLY_VERBS
    assert {"auth.login", "access.refused", "customer.exported"} <= TRAIL_ONLY_VERBS
    assert "customer.created" not in TRAIL_ONLY_VERBS


def test_a_waiting_message_is_shown_not_a_kept_page(figures_cache, vendor_admin, login):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
    vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    client = login(vendor_admin)
    url = "/admin/audit/auditevent/"
    assert "Kept note shown once" not in _get(client, url)[0]
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Kept note shown once")]
    )
    assert "Kept note shown once" in _get(client, url)[0]
    assert "Kept note shown once" not in _get(client, url)[0]


def test_the_admin_list_is_kept_whole_and_moves_with_the_trail(
    figures_cache, tenant_a, vendor_admin, login, django_capture_on_commit_callbacks
):
    from portal.audit.services import audit_auth_event
    from portal.audit.verbs import AuthVerb

    vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
    vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    client = login(vendor_admin)
    url = "/admin/audit/auditevent/?verb=auth.login"
    first, _ = _get(client, url)
    second, queries = _get(client, url)
    # the ChangeList is not built: session, person, memberships and no more
    assert queries <= 4, queries
    assert without_csrf_tokens(second) == without_csrf_tokens(first)
    basic = tenant_a.members[Level.BASIC]
    with django_capture_on_commit_callbacks(execute=True):
        audit_auth_event(verb=AuthVerb.LOGIN, user=basic.user)
    assert _get(client, url)[0].count(basic.user.email) > first.count(basic.user.email)
    # a lookup the admin refuses answers its redirect, which is not kept
    assert client.get("/admin/audit/auditevent/?nonsense=1").status_code == 302


def test_every_key_names_the_release(settings, tmp_path):
    """A template, code or translation changed on disk gives another release, so what the
    older release kept is never served; a deployment may name its own."""
    compute = figures.release.__wrapped__
    for folder, name in (("portal", "views.py"), ("templates", "page.html"), ("locale", "x.mo")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("first")
    settings.BASE_DIR, settings.PORTAL_RELEASE = tmp_path, ""
    first = compute()
    assert compute() == first
    for folder, name in (("templates", "page.html"), ("locale", "x.mo"), ("portal", "views.py")):
        (tmp_path / folder / name).write_text("second")
        assert compute() != first
        (tmp_path / folder / name).write_text("first")
    assert compute() == first
    settings.PORTAL_RELEASE = "2026.12.1"
    assert compute() == "2026.12.1"


def test_a_repeat_view_of_a_partner_page_reads_no_partner_row_and_follows_a_change(
    figures_cache, tenant_a, vendor_admin, login
):
    """The partner page keeps the partner it shows as it keeps the page: a rename (here in
    Django's admin, which moves every version) shows on the next view."""
    client = login(vendor_admin)
    partner = tenant_a.organization
    url = f"/console/team/partners/{partner.pk}/"
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [
        q for q in queries.captured_queries if q["sql"].count('FROM "tenancy_organization"')
    ]
    _renamed_in_the_admin(vendor_admin, partner, "Renamed Reseller")
    assert "<h1>Renamed Reseller</h1>" in _get(client, url)[0]


def test_a_partner_page_of_an_unknown_id_stays_404_when_kept(figures_cache, vendor_admin, login):
    client = login(vendor_admin)
    for _view in range(2):
        assert client.get("/console/team/partners/987654321/").status_code == 404


@pytest.mark.parametrize("who", ["manager", "primary"])
def test_a_forms_token_in_a_kept_list_is_the_readers_own(figures_cache, tenant_a, who):
    """Row menus render their forms with the request: kept, they must not carry the token of the
    session that first saw the list. A second browser is served the kept list, and its Accept
    works (CSRF checked, as a browser's request is)."""
    from portal.orders.models import OrderStatus
    from portal.orders.testing import make_product, place

    order = place(tenant_a.storefront_user, tenant_a.customers[0], (make_product("K1"), 1))
    member = tenant_a.members[who]
    first = _signed_in(member)
    assert f"/portal/orders/{order.pk}/accept/" in _get(first, "/portal/orders/")[0]
    second = _signed_in(member)
    second.handler.enforce_csrf_checks = True
    with CaptureQueriesContext(connection) as queries:
        page = second.get("/portal/orders/").content.decode()
    assert not [q for q in queries.captured_queries if "orders_order" in q["sql"]]  # kept
    action = f"/portal/orders/{order.pk}/accept/"
    form = page[page.index(f'action="{action}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = second.post(action, {"csrfmiddlewaretoken": token, "next": "/portal/orders/"})
    assert response.status_code == 302, response.status_code
    order.refresh_from_db()
    assert order.status == OrderStatus.EXECUTED


def test_deleting_two_rows_at_once_in_the_admin_shows_on_the_next_view(
    figures_cache, tenant_a, vendor_admin, login
):
    """The admin logs "delete selected" of several rows with one bulk insert, which tells no
    receiver: the admin's form itself moves every version."""
    from django.contrib.admin import helpers

    from portal.profiles import services as profile_services
    from portal.profiles.models import ForumCredential

    member = tenant_a.members[Level.PRIMARY]
    profile_services.forum_credential_save(
        actor=tenant_a.actor(Level.PRIMARY), username="kept-in-admin", password="s3cret!"
    )
    profile_services.forum_credential_save(
        actor=tenant_a.actor(Level.BASIC), username="also-in-admin", password="s3cret!"
    )
    reader = _signed_in(member)
    assert "kept-in-admin" in _get(reader, "/profile/")[0]
    vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
    vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    staff = _signed_in(vendor_admin)
    response = staff.post(
        "/admin/profiles/forumcredential/",
        {
            "action": "delete_selected",
            "post": "yes",
            helpers.ACTION_CHECKBOX_NAME: list(
                ForumCredential.objects.values_list("pk", flat=True)
            ),
        },
    )
    assert response.status_code == 302
    assert not ForumCredential.objects.exists()
    assert "kept-in-admin" not in _get(reader, "/profile/")[0]
