"""SEC-1: a member of one organization can never reach another's records, whatever the URL.

The URLs are found by walking the URL configuration, so a page added later is covered without
anyone remembering to list it. Every path argument must be named in RECORD_OF below: a new kind
of id makes this test fail until someone says which tenant record it names.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portal.billing.testing import tenant_invoice
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.mail.services import email_queue
from portal.orders.testing import make_product, tenant_order, tenant_subscription
from portal.programs import services as program_services
from portal.team import services
from portal.team.services import staff_request_file
from portal.tenancy.models import Level

# path argument → which record of a tenant it names
RECORD_OF = {
    "membership_id": lambda t: t.members["basic"].pk,
    "customer_id": lambda t: t.customers[0].pk,
    "storefront_user_id": lambda t: t.storefront_user.pk,
    "organization_id": lambda t: t.organization.pk,
    "email_id": lambda t: t.email.pk,
    "staff_request_id": lambda t: t.staff_request.pk,
    # an invitation is its invited person's own: nobody else answers it
    "invitation_id": lambda t: t.invitation.pk,
    # the reseller program: a lead (converted, with a change request) and a vendor-only
    # application
    "lead_id": lambda t: t.lead.pk,
    "request_id": lambda t: t.account_request.pk,
    "application_id": lambda t: t.application.pk,
    "case_id": lambda t: t.case.pk,
    "attachment_id": lambda t: t.case.attachments.get().pk,
    "paid_request_id": lambda t: t.paid_request.pk,
    "download_request_id": lambda t: t.download_request.pk,
    # orders and billing: one order, subscription and invoice of the tenant's first customer
    "order_id": lambda t: tenant_order(t).pk,
    "subscription_id": lambda t: tenant_subscription(t).pk,
    "invoice_id": lambda t: tenant_invoice(t).pk,
    # catalogue products are the vendor's (console only); a workspace section is not an id
    "product_id": lambda t: make_product("ISO-M").pk,
    "section": lambda t: "subscriptions",
}
# valid Polish NIPs for the fixture's leads and applications
PL_NIPS = {"Alpha": "8567346215", "Bravo": "5260250995"}
APPLICANT_NIPS = {"Alpha": "7740001454", "Bravo": "5270103391"}
# Arguments that are not record ids (allauth's one-time keys): those URLs are not tenant pages.
NOT_RECORDS = {"uidb36", "key", "token", "file_format"}
# The vendor's publications, the same for every tenant (knowledge-base articles, live session
# slots, downloads): who may read them is the policy's business, tested in portal/support.
NOT_RECORDS |= {"article_id", "slot_id", "download_id"}
SKIPPED_NAMESPACES = {"admin"}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.pattern.converters, entry.name


def id_urls():
    found = []
    for route, converters, name in _walk(get_resolver()):
        if not converters or NOT_RECORDS & set(converters):
            continue
        found.append((route, tuple(converters), name))
    return found


def fill(route: str, tenant) -> str:
    url = route
    for argument, record in RECORD_OF.items():
        for converter in ("int", "str", "slug", "uuid"):
            url = url.replace(f"<{converter}:{argument}>", str(record(tenant)))
    assert "<" not in url, f"{route}: name the record its argument stands for in RECORD_OF"
    return "/" + url


def test_the_walker_finds_the_pages_that_take_ids():
    routes = {route for route, _, _ in id_urls()}
    assert "portal/employees/<int:membership_id>/" in routes
    assert "portal/customers/<int:customer_id>/" in routes


def test_every_path_argument_is_known():
    for route, converters, _ in id_urls():
        unknown = set(converters) - set(RECORD_OF)
        assert not unknown, f"{route}: add {unknown} to RECORD_OF"


def _support_records(tenant):
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.support import services as support

    tenant.case = support.case_create(
        actor=tenant.actor("basic"),
        subject=f"Case of {tenant.organization.name}",
        description="Printer",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")],
    )
    tenant.paid_request = support.paid_support_request(
        actor=tenant.actor("primary"), description="Paid"
    )
    vendor = actor_for(make_vendor_member(email=f"v{tenant.organization.pk}@vendor.test"))
    download = support.download_publish(
        actor=vendor,
        kind="software",
        title="Version",
        file=ContentFile(b"PK", name="v.zip"),
    )
    tenant.download_request = support.download_request(actor=tenant.actor("it"), download=download)


@pytest.fixture
def tenants(db):
    a, b = make_tenant("Alpha Resale"), make_tenant("Bravo Resale")
    for tenant in (a, b):
        tenant.staff_request = staff_request_file(
            actor=tenant.actor("primary"),
            full_name="Req",
            email=f"req@t{tenant.organization.pk}.test",
            level=Level.BASIC,
        )
        _support_records(tenant)
        tenant.email = email_queue(
            to=f"x@{tenant.organization.pk}.test", subject="s", body_text="b"
        )
        tenant.distributor_primary = services.member_add(
            actor=None,
            organization=tenant.organization.parent,
            email=f"dist{tenant.organization.pk}@d.test",
            full_name="Distributor",
            role=Level.PRIMARY,
            password="x-password-123",
            is_company_manager=True,
        )
    vendor = actor_for(make_vendor_member())
    for tenant in (a, b):
        slug = tenant.organization.name.split()[0]
        tenant.lead = program_services.lead_create(
            actor=tenant.actor("primary"),
            company_name=f"{slug} Lead Client",
            tax_id=PL_NIPS[slug],
            country="PL",
            address="ul. Polna 1",
            city="Gdańsk",
            postcode="80-001",
            contact_name="Contact",
            email=f"lead@{slug.lower()}-leads.test",
            phone="+48 22 123 45 67",
        )
        program_services.lead_convert(actor=vendor, lead=tenant.lead)
        tenant.lead.refresh_from_db()
        tenant.account_request = program_services.account_request_file(
            actor=tenant.actor("primary"),
            lead=tenant.lead,
            kind="service",
            description="More services",
        )
        tenant.application = program_services.application_submit(
            company_name=f"{slug} Applicant",
            tax_id=APPLICANT_NIPS[slug],
            country="PL",
            address="ul. Polna 2",
            city="Gdańsk",
            postcode="80-001",
            contact_name="Applicant",
            email=f"apply@{slug.lower()}.test",
            phone="+48 22 123 45 68",
        )
        tenant.link = program_services.registration_link_ensure(
            actor=None, organization=tenant.organization
        )
    for tenant, other in ((a, b), (b, a)):
        # the tenant's Sales member is invited to the other reseller
        tenant.invitation = services.member_add_or_invite(
            actor=vendor,
            organization=other.organization,
            email=tenant.members["sales"].user.email,
            full_name="Invited",
            role=Level.BASIC,
        )
    return a, b


@pytest.mark.parametrize("who", ["primary", "manager", "distributor", "storefront"])
def test_another_tenants_ids_answer_404_or_403(tenants, login, who):
    a, b = tenants
    member = {
        "primary": a.members["primary"],
        "manager": a.members["manager"],
        "distributor": a.distributor_primary,
        "storefront": a.storefront_user,
    }[who]
    client = login(member)
    checked = 0
    for route, _, name in id_urls():
        own = client.get(fill(route, a))
        foreign_url = fill(route, b)
        for method in ("get", "post"):
            response = getattr(client, method)(foreign_url)
            if own.status_code == 200:
                assert response.status_code == 404, f"{method.upper()} {foreign_url} ({name})"
                checked += 1
            else:
                assert response.status_code in (403, 404, 405), (
                    f"{method.upper()} {foreign_url} ({name}) gave {response.status_code}"
                )
    if who in ("primary", "distributor"):
        assert checked >= 2, "the positive control reached no page: the test would prove nothing"
    b.members["basic"].refresh_from_db()
    assert b.members["basic"].is_active


def list_urls():
    """Every page without a path argument in the partner portal, storefront and console."""
    for route, converters, name in _walk(get_resolver()):
        if converters or not route.startswith(("portal/", "store/", "console/", "profile/")):
            continue
        yield "/" + route, name


def _secrets_of(tenant) -> list[str]:
    """Strings that only the other tenant's rows carry: names, emails, customers, requests."""
    return [
        tenant.organization.name,
        tenant.members["basic"].user.email,
        tenant.customers[0].name,
        tenant.staff_request.email,
        tenant.lead.company_name,
        tenant.link.token,
    ]


@pytest.mark.parametrize("who", ["primary", "manager", "distributor", "storefront"])
def test_list_and_search_pages_never_show_another_tenants_rows(tenants, login, who):
    a, b = tenants
    member = {
        "primary": a.members["primary"],
        "manager": a.members["manager"],
        "distributor": a.distributor_primary,
        "storefront": a.storefront_user,
    }[who]
    client = login(member)
    pages = 0
    for url, name in list_urls():
        for query in ("", "?q=Bravo", "?q=bravoresale", "?q=req@", "?status=inactive"):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            pages += 1
            body = response.content.decode()
            for secret in _secrets_of(b):
                assert secret not in body, f"{url}{query} ({name}) shows {secret!r}"
    assert pages >= 5, "the walk reached too few pages to prove anything"


def test_the_search_control_finds_own_rows(tenants, login):
    """Positive control for the test above: the same searches do find the tenant's own rows."""
    a, _ = tenants
    client = login(a.members["primary"])
    assert (
        a.members["basic"].user.email
        in client.get("/portal/employees/?q=alpharesale").content.decode()
    )
    assert a.customers[0].name in client.get("/portal/customers/?q=Alpha").content.decode()
