"""Entitlement (SUP-5), knowledge base (SUP-6), live sessions and coupons (SUP-7), downloads
(SUP-8) and the console pages of the desk."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.mail.models import OutboundEmail
from portal.support import services
from portal.support.models import (
    Article,
    ArticleCategory,
    Case,
    Coupon,
    DownloadRequest,
    LicenseKey,
    LiveSessionBooking,
    PaidSupportRequest,
    Product,
)
from portal.support.render import render_article
from portal.tenancy.models import VendorRole

from .conftest import new_case

TODAY = timezone.localdate()


# ----------------------------------------------------------------------------- entitlement


@pytest.mark.parametrize(
    ("cut_over", "maintenance", "free"),
    [
        (None, None, True),  # no date posted: free for all
        (TODAY + timedelta(days=10), None, True),  # before the date
        (TODAY, None, False),  # from the date without maintenance
        (TODAY, TODAY - timedelta(days=1), False),  # maintenance ended
        (TODAY, TODAY, True),  # maintenance active today
    ],
)
def test_the_entitlement_switch(tenant_a, tech, login, cut_over, maintenance, free):
    services.settings_update(actor=tech, paid_support_from=cut_over)
    services.contract_update(
        actor=tech, organization=tenant_a.organization, maintenance_until=maintenance
    )
    assert services.case_support_is_free(tenant_a.organization) is free
    client = login(tenant_a.members["it"])
    response = client.get("/portal/support/new/")
    if free:
        assert response.status_code == 200 and "Create case" in response.content.decode()
    else:
        assert response.status_code == 302 and response["Location"] == "/portal/support/paid/"
        page = client.get("/portal/support/paid/").content.decode()
        assert "case support is now paid" in page and "Order paid support" in page
        with pytest.raises(DomainError):
            new_case(tenant_a, "it")


def test_paid_support_is_ordered_and_accepted_then_cases_open_again(tenant_a, tech, login):
    services.settings_update(actor=tech, paid_support_from=TODAY)
    client = login(tenant_a.members["it"])
    response = client.post("/portal/support/paid/", {"description": "Case support for a year"})
    assert response.status_code == 302
    request = PaidSupportRequest.objects.get()
    assert request.organization == tenant_a.organization
    services.paid_support_decide(
        actor=tech, request=request, accept=True, paid_until=TODAY + timedelta(days=365)
    )
    assert services.case_support_is_free(tenant_a.organization)
    assert OutboundEmail.objects.filter(
        to=tenant_a.members["it"].user.email, subject__icontains="active"
    ).exists()


def test_basic_members_see_paid_support_but_cannot_order_it(tenant_a, tech, login):
    services.settings_update(actor=tech, paid_support_from=TODAY)
    client = login(tenant_a.members["basic"])
    page = client.get("/portal/support/paid/").content.decode()
    assert "Ask your company" in page
    assert client.post("/portal/support/paid/", {"description": "x"}).status_code == 403
    assert not PaidSupportRequest.objects.exists()


# -------------------------------------------------------------------------- knowledge base


@pytest.fixture
def articles(db):
    author = make_vendor_member(VendorRole.CONTENT, email="content@vendor.test")
    actor = actor_for(author)
    category = ArticleCategory.objects.create(name="Installation")
    public = services.article_save(
        actor=actor,
        title="Public install guide",
        category=category,
        body="Install with `setup.exe`\n\nThe PUBLICBODY word",
        visibility="public",
        is_published=True,
    )
    restricted = services.article_save(
        actor=actor,
        title="Members migration guide",
        category=category,
        body="Only for members: RESTRICTEDBODY",
        visibility="members",
        is_published=True,
    )
    return public, restricted


def test_public_articles_read_logged_out_restricted_ask_to_log_in(client, articles):
    public, restricted = articles
    listing = client.get("/kb/").content.decode()
    assert public.title in listing and restricted.title not in listing
    assert "PUBLICBODY" in client.get(f"/kb/{public.pk}/").content.decode()
    response = client.get(f"/kb/{restricted.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_members_read_restricted_articles_and_search_bodies(tenant_a, login, articles):
    public, restricted = articles
    client = login(tenant_a.members["basic"])
    assert "RESTRICTEDBODY" in client.get(f"/kb/{restricted.pk}/").content.decode()
    found = client.get("/kb/?q=restrictedbody").content.decode()
    assert restricted.title in found and public.title not in found
    assert public.title in client.get("/kb/?q=install").content.decode()


def test_a_storefront_user_sees_only_public_articles(tenant_a, login, articles):
    _, restricted = articles
    client = login(tenant_a.storefront_user)
    assert client.get(f"/kb/{restricted.pk}/").status_code == 404


def test_article_text_is_escaped_never_html():
    html = render_article("# Title <b>\n- item <script>alert(1)</script>\ntext `a<b`")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>Title &lt;b&gt;</h2>" in html
    assert "<li>item" in html and "<code>a&lt;b</code>" in html


def test_vendor_content_staff_write_articles_in_the_console(client, login, db):
    editor = make_vendor_member(VendorRole.CONTENT, email="content@vendor.test")
    category = ArticleCategory.objects.create(name="Howto")
    client = login(editor)
    response = client.post(
        "/console/support/kb/new/",
        {"title": "New one", "category": category.pk, "visibility": "public", "body": "Hi"},
    )
    assert response.status_code == 302
    assert Article.objects.get().title == "New one"
    assert client.post("/console/support/kb/new/", {"title": ""}).status_code == 400


# --------------------------------------------------------------------------- live sessions


def _slot(tech, price="100.00"):
    return services.slot_publish(
        actor=tech,
        kind="installation",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        price=Decimal(price),
    )


def _coupon(tech, tenant, uses=1, discount=100, code="FREE1"):
    return services.coupon_create(
        actor=tech,
        organization=tenant.organization,
        code=code,
        discount_percent=discount,
        max_uses=uses,
    )


def _initial_period(tech, tenant, start, end):
    services.contract_update(
        actor=tech,
        organization=tenant.organization,
        initial_support_start=start,
        initial_support_end=end,
    )


def test_booking_a_slot_emails_the_booker_and_the_vendor_sees_it(tenant_a, tech, login):
    slot = _slot(tech)
    client = login(tenant_a.members["basic"])
    response = client.post(f"/portal/support/sessions/{slot.pk}/book/", {"topic": "Install"})
    assert response.status_code == 302
    booking = LiveSessionBooking.objects.get()
    assert (
        booking.price == Decimal("100.00") and booking.booked_by == tenant_a.members["basic"].user
    )
    [mail] = OutboundEmail.objects.filter(to=tenant_a.members["basic"].user.email)
    assert "Installation" in mail.subject
    console = login(tech.membership).get("/console/support/sessions/").content.decode()
    assert tenant_a.organization.name in console


def test_a_slot_is_booked_once(tenant_a, tenant_b, tech):
    slot = _slot(tech)
    services.session_book(actor=tenant_a.actor("basic"), slot=slot)
    with pytest.raises(DomainError, match="someone has just booked"):
        services.session_book(actor=tenant_b.actor("basic"), slot=slot)
    assert LiveSessionBooking.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (TODAY - timedelta(days=10), TODAY + timedelta(days=10), True),
        (TODAY, TODAY, True),
        (TODAY - timedelta(days=90), TODAY - timedelta(days=1), False),  # period over
        (TODAY + timedelta(days=1), TODAY + timedelta(days=90), False),  # not started
        (None, None, False),  # no initial period
    ],
)
def test_coupon_valid_only_in_the_initial_support_period(tenant_a, tech, start, end, valid):
    _initial_period(tech, tenant_a, start, end)
    _coupon(tech, tenant_a, discount=50)
    slot = _slot(tech)
    if valid:
        booking = services.session_book(
            actor=tenant_a.actor("basic"), slot=slot, coupon_code="free1"
        )
        assert booking.price == Decimal("50.00")
        assert Coupon.objects.get().uses == 1
    else:
        with pytest.raises(DomainError, match="initial support period"):
            services.session_book(actor=tenant_a.actor("basic"), slot=slot, coupon_code="FREE1")
        assert Coupon.objects.get().uses == 0
        assert not LiveSessionBooking.objects.exists()


def test_coupon_uses_run_out_and_a_failed_booking_gives_its_use_back(tenant_a, tenant_b, tech):
    _initial_period(tech, tenant_a, TODAY, TODAY + timedelta(days=30))
    _coupon(tech, tenant_a, uses=1)
    first, second, taken = _slot(tech), _slot(tech), _slot(tech)
    services.session_book(actor=tenant_b.actor("basic"), slot=taken)
    with pytest.raises(DomainError):
        services.session_book(actor=tenant_a.actor("basic"), slot=taken, coupon_code="FREE1")
    assert Coupon.objects.get().uses == 0  # the lost race rolled the use back
    booking = services.session_book(actor=tenant_a.actor("basic"), slot=first, coupon_code="FREE1")
    assert booking.price == Decimal("0.00")
    with pytest.raises(DomainError, match="used up"):
        services.session_book(actor=tenant_a.actor("sales"), slot=second, coupon_code="FREE1")


def test_another_companys_coupon_is_not_valid(tenant_a, tenant_b, tech):
    _initial_period(tech, tenant_b, TODAY, TODAY + timedelta(days=30))
    _coupon(tech, tenant_a)
    with pytest.raises(DomainError, match="not valid"):
        services.session_book(actor=tenant_b.actor("basic"), slot=_slot(tech), coupon_code="FREE1")


def test_a_bad_coupon_is_shown_at_the_field_with_the_input_kept(tenant_a, tech, login):
    slot = _slot(tech)
    response = login(tenant_a.members["basic"]).post(
        f"/portal/support/sessions/{slot.pk}/book/", {"coupon": "NOPE", "topic": "Kept topic"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "not valid for your company" in body and "Kept topic" in body


# ------------------------------------------------------------------------------- downloads


@pytest.fixture
def published(tech):
    product = Product.objects.create(name="POS")
    doc = services.download_publish(
        actor=tech, kind="installation_doc", title="Guide", file=ContentFile(b"doc", name="g.txt")
    )
    software = services.download_publish(
        actor=tech,
        kind="software",
        title="POS 7",
        version="7.0",
        product=product,
        file=ContentFile(b"PK bin", name="pos.zip"),
    )
    return doc, software, product


@pytest.mark.parametrize(
    ("level", "doc", "software"),
    [
        ("basic", 200, 403),
        ("sales", 200, 403),
        ("it", 200, 403),  # on request
        ("manager", 200, 403),  # on request
        ("primary", 200, 200),
    ],
)
def test_downloads_by_level(tenant_a, login, published, level, doc, software):
    document, version, _ = published
    client = login(tenant_a.members[level])
    assert client.get(f"/portal/support/downloads/{document.pk}/").status_code == doc
    assert client.get(f"/portal/support/downloads/{version.pk}/").status_code == software


def test_it_requests_a_version_the_vendor_approves_then_it_opens(tenant_a, tech, login, published):
    _, version, _ = published
    client = login(tenant_a.members["it"])
    assert client.post(f"/portal/support/downloads/{version.pk}/request/").status_code == 302
    request = DownloadRequest.objects.get()
    assert client.get(f"/portal/support/downloads/{version.pk}/").status_code == 403
    services.download_request_decide(actor=tech, request=request, approve=True)
    assert client.get(f"/portal/support/downloads/{version.pk}/").status_code == 200
    # a colleague's approval is not theirs
    other = login(tenant_a.members["manager"])
    assert other.get(f"/portal/support/downloads/{version.pk}/").status_code == 403


def test_basic_members_cannot_request_versions(tenant_a, login, published):
    _, version, _ = published
    client = login(tenant_a.members["basic"])
    assert client.post(f"/portal/support/downloads/{version.pk}/request/").status_code == 403


def test_license_keys_only_for_primaries_of_their_company(tenant_a, tenant_b, login, published):
    _, _, product = published
    LicenseKey.objects.create(organization=tenant_a.organization, product=product, key="KEY-A-123")
    LicenseKey.objects.create(organization=tenant_b.organization, product=product, key="KEY-B-456")
    page = login(tenant_a.members["primary"]).get("/portal/support/downloads/").content.decode()
    assert "KEY-A-123" in page and "KEY-B-456" not in page
    for level in ("basic", "it", "manager"):
        page = login(tenant_a.members[level]).get("/portal/support/downloads/").content.decode()
        assert "KEY-A-123" not in page, level


# --------------------------------------------------------------------------- console pages


def test_the_queue_filters_and_shows_oldest_first(tenant_a, tenant_b, tech, login):
    first = new_case(tenant_a, subject="Oldest one")
    second = new_case(tenant_b, subject="Newer one", severity="critical")
    client = login(tech.membership)
    body = client.get("/console/support/").content.decode()
    assert body.index(first.reference) < body.index(second.reference)
    critical = client.get("/console/support/?severity=critical").content.decode()
    assert second.reference in critical and first.reference not in critical
    services.case_assign(actor=tech, case=first, assignee=tech.user)
    unassigned = client.get("/console/support/?assignee=none").content.decode()
    assert second.reference in unassigned and first.reference not in unassigned
    company = client.get("/console/support/?company=Bravo").content.decode()
    assert second.reference in company and first.reference not in company
    services.case_set_status(actor=tech, case=first, status=Case.Status.CLOSED)
    assert first.reference not in client.get("/console/support/").content.decode()
    assert first.reference in client.get("/console/support/?status=closed").content.decode()


def test_the_console_reply_internal_and_status(tenant_a, tech, login):
    case = new_case(tenant_a)
    client = login(tech.membership)
    response = client.post(
        f"/console/support/cases/{case.pk}/reply/",
        {"body": "Note only", "internal": "on", "status": "waiting"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING
    assert client.post(f"/console/support/cases/{case.pk}/reply/", {"body": ""}).status_code == 400


def test_phone_cases_are_logged_in_the_console(tenant_a, tech, login):
    client = login(tech.membership)
    response = client.post(
        "/console/support/phone/",
        {
            "organization": tenant_a.organization.pk,
            "caller_email": tenant_a.members["it"].user.email,
            "subject": "Called in",
            "severity": "normal",
            "description": "Till offline",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == Case.Channel.PHONE and case.created_by == tenant_a.members["it"].user


def test_partners_get_403_on_console_pages(tenant_a, login):
    client = login(tenant_a.members["primary"])
    for url in ("/console/support/", "/console/support/phone/", "/console/support/entitlement/"):
        assert client.get(url).status_code == 403
