"""SPEC §5 through the pages: what the vendor roles support, billing and content may open.

Each console page is refused (403, and the refusal written to the audit trail as
`access.refused`) to a role the rules of portal/access/policies.py leave out, and opens (200)
for a role they let in. Pages are named by URL name only, so they may move to new paths.
A console page added later makes `test_every_console_page_is_listed` fail until it is listed here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.audit.models import AuditEvent
from portal.billing.testing import tenant_invoice
from portal.demo.testing import (
    actor_for,
    built_once_per_module,
    make_tenant,
    make_vendor_member,
)
from portal.mail.services import email_queue
from portal.orders.testing import make_product
from portal.programs import services as program_services
from portal.team.models import StaffRequest
from portal.team.services import staff_request_file
from portal.tenancy.models import Level, Membership, VendorRole

# URL name → (method, the permission that guards it, its path arguments from the world)
CONSOLE_PAGES = {
    "console:home": ("get", "console.home", {}),
    "console:partners": ("get", "console.partners.view", {}),
    "console:partner": ("get", "console.partners.view", {"organization_id": "partner"}),
    "console:partner_employee_add": (
        "post",
        "console.employees.add",
        {"organization_id": "partner"},
    ),
    "console:partner_manager_transfer": (
        "post",
        "console.manager.transfer",
        {"organization_id": "partner"},
    ),
    "console:partner_manager_candidates": (
        "get",
        "console.manager.transfer",
        {"organization_id": "partner"},
    ),
    "console:partner_payment_method": (
        "post",
        "console.payment_method.set",
        {"organization_id": "partner"},
    ),
    "console:staff_requests": ("get", "console.staff_requests.decide", {}),
    "console:staff_request_decide": (
        "post",
        "console.staff_requests.decide",
        {"staff_request_id": "staff_request"},
    ),
    "console:applications": ("get", "console.applications.decide", {}),
    "console:application": (
        "get",
        "console.applications.decide",
        {"application_id": "application"},
    ),
    "console:application_decide": (
        "post",
        "console.applications.decide",
        {"application_id": "application"},
    ),
    "console:terms": ("get", "console.terms.publish", {}),
    "console:leads": ("get", "console.leads.convert", {}),
    "console:lead": ("get", "console.leads.convert", {"lead_id": "lead"}),
    "console:lead_decide": ("post", "console.leads.convert", {"lead_id": "lead"}),
    "console:account_requests": ("get", "console.account_requests.decide", {}),
    "console:account_request": (
        "get",
        "console.account_requests.decide",
        {"request_id": "account_request"},
    ),
    "console:account_request_decide": (
        "post",
        "console.account_requests.decide",
        {"request_id": "account_request"},
    ),
    "console:audit": ("get", "console.audit.view", {}),
    "console:outbox": ("get", "console.outbox.view", {}),
    "console:outbox_email": ("get", "console.outbox.view", {"email_id": "email"}),
    # the support desk (portal/support/console.py)
    **{
        f"console:support_{name}": (method, "console.support.work", arguments)
        for name, method, arguments in [
            ("queue", "get", {}),
            ("case", "get", {"case_id": "case"}),
            ("case_reply", "post", {"case_id": "case"}),
            ("case_assign", "post", {"case_id": "case"}),
            ("case_status", "post", {"case_id": "case"}),
            ("case_attachment", "get", {"case_id": "case", "attachment_id": "attachment"}),
            ("phone", "get", {}),
            ("contracts", "get", {}),
            ("contract", "get", {"organization_id": "partner"}),
            ("paid_requests", "get", {}),
            ("paid_decide", "post", {"paid_request_id": "paid_request"}),
            ("sessions", "get", {}),
            ("slot_publish", "post", {}),
            ("coupon_create", "post", {}),
            ("downloads", "get", {}),
            ("download_publish", "post", {}),
            ("download_decide", "post", {"download_request_id": "download_request"}),
        ]
    },
    "console:support_articles": ("get", "console.kb.write", {}),
    "console:support_article_new": ("get", "console.kb.write", {}),
    "console:support_article": ("get", "console.kb.write", {"article_id": "article"}),
    "console:products": ("get", "console.catalog.manage", {}),
    "console:product_new": ("get", "console.catalog.manage", {}),
    "console:product": ("get", "console.catalog.manage", {"product_id": "product"}),
    "console:billing_invoices": ("get", "console.billing.view", {}),
    "console:billing_invoice": ("get", "console.billing.view", {"invoice_id": "invoice"}),
    "console:billing_invoice_pdf": ("get", "console.billing.view", {"invoice_id": "invoice"}),
    "console:billing_run": ("post", "console.billing.run", {}),
    "console:customers_list": ("get", "console.customers.view", {}),
    "console:customers_detail": ("get", "console.customers.view", {"customer_id": "customer"}),
    **{
        f"console:customers_user_{action}": (
            "post",
            "console.customers.help",
            {"customer_id": "customer", "storefront_user_id": "storefront_user"},
        )
        for action in ("reset", "resend", "deactivate", "activate")
    },
}
SUPPORT_DESK_PAGES = {name for name in CONSOLE_PAGES if name.startswith("console:support_")}
KB_PAGES = {"console:support_articles", "console:support_article_new", "console:support_article"}

# SPEC §5: support and billing look partners up; content editors do not.
MAY_OPEN = {
    VendorRole.SUPPORT: {"console:home", "console:partners", "console:partner"}
    | SUPPORT_DESK_PAGES
    | {"console:customers_list", "console:customers_detail"},
    # billing also sets a partner's payment method (seed 004)
    VendorRole.BILLING: {
        "console:home",
        "console:partners",
        "console:partner",
        "console:billing_invoices",
        "console:billing_invoice",
        "console:billing_invoice_pdf",
        "console:billing_run",
        "console:partner_payment_method",
        "console:customers_list",
        "console:customers_detail",
    },
    VendorRole.CONTENT: {"console:home"} | KB_PAGES,
}

CASES = [(role, name) for role in MAY_OPEN for name in CONSOLE_PAGES]


def _console_url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _console_url_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace == "console" and entry.name:
            yield f"console:{entry.name}"


def test_every_console_page_is_listed():
    assert set(_console_url_names()) == set(CONSOLE_PAGES)


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    """The tenant and its world, built once for the module's ~190 cases (half a second each
    when every case built its own)."""
    with built_once_per_module(django_db_blocker):
        tenant = make_tenant("Alpha Resale")
        yield tenant, _world(tenant)


@pytest.fixture
def tenant_a(_shared, db):
    return _shared[0].read_again()


@pytest.fixture
def world(_shared, db):
    return _shared[1]


def _world(tenant_a):
    return {
        "partner": tenant_a.organization.pk,
        "staff_request": staff_request_file(
            actor=tenant_a.actor("primary"),
            full_name="Wanted",
            email="wanted@alpharesale.test",
            level=Level.BASIC,
        ).pk,
        "email": email_queue(to="x@alpharesale.test", subject="s", body_text="b").pk,
        "manager": tenant_a.members["manager"].pk,
        "customer": tenant_a.customers[0].pk,
        "storefront_user": tenant_a.storefront_user.pk,
        "product": make_product("ROLE-M").pk,
        "invoice": tenant_invoice(tenant_a).pk,
        **_program_world(tenant_a),
        **_support_world(tenant_a),
    }


def _program_world(tenant) -> dict:
    """An application, and a converted lead with a pending service request (reseller program)."""
    vendor = actor_for(make_vendor_member(VendorRole.ADMIN, email="programs@vendor.test"))
    company = {
        "company_name": "World Client",
        "tax_id": "8567346215",
        "country": "PL",
        "address": "ul. Polna 1",
        "city": "Gdańsk",
        "postcode": "80-001",
        "contact_name": "Contact",
        "email": "client@world.test",
        "phone": "+48 22 123 45 67",
    }
    lead = program_services.lead_create(actor=tenant.actor("primary"), **company)
    program_services.lead_convert(actor=vendor, lead=lead)
    lead.refresh_from_db()
    request = program_services.account_request_file(
        actor=tenant.actor("primary"), lead=lead, kind="service", description="More"
    )
    open_lead = program_services.lead_create(
        actor=tenant.actor("primary"), **{**company, "tax_id": "5260250995"}
    )
    application = program_services.application_submit(**{**company, "tax_id": "7740001454"})
    return {
        "application": application.pk,
        "lead": open_lead.pk,
        "account_request": request.pk,
    }


def _support_world(tenant):
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.demo.testing import actor_for
    from portal.support import services as support
    from portal.support.models import ArticleCategory

    vendor = actor_for(make_vendor_member(email="desk@vendor.test"))
    case = support.case_create(
        actor=tenant.actor("basic"),
        subject="Printer",
        description="Empty pages",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")],
    )
    download = support.download_publish(
        actor=vendor, kind="software", title="V", file=ContentFile(b"PK", name="v.zip")
    )
    return {
        "case": case.pk,
        "attachment": case.attachments.get().pk,
        "paid_request": support.paid_support_request(
            actor=tenant.actor("primary"), description="Paid"
        ).pk,
        "download_request": support.download_request(
            actor=tenant.actor("it"), download=download
        ).pk,
        "article": support.article_save(
            actor=vendor,
            title="How to",
            category=ArticleCategory.objects.create(name="Howto"),
            body="Text",
        ).pk,
    }


def _post_data(name, world):
    """What a successful POST by an allowed role sends, so a refusal shows that nothing happened."""
    return {
        "console:partner_employee_add": {
            "full_name": "Sneaked In",
            "email": "sneaked@alpharesale.test",
            "level": "basic",
        },
        "console:partner_manager_transfer": {"to": world["manager"]},
        "console:staff_request_decide": {"decision": "approve"},
        "console:billing_run": {"day": "2030-01-01"},
        "console:partner_payment_method": {"payment_method": "deposit"},
    }.get(name, {})


def _url(name, world):
    _, _, arguments = CONSOLE_PAGES[name]
    return reverse(name, kwargs={arg: world[key] for arg, key in arguments.items()})


def _refusals(email):
    return AuditEvent.objects.filter(verb="access.refused", actor_email=email)


@pytest.mark.parametrize(("role", "name"), CASES)
def test_console_pages_by_role(world, tenant_a, login, role, name):
    member = make_vendor_member(role)
    client = login(member)
    method, permission, _ = CONSOLE_PAGES[name]
    url = _url(name, world)
    primary = tenant_a.members["primary"]
    memberships_before = Membership.objects.count()

    response = getattr(client, method)(url, _post_data(name, world))

    refusals = _refusals(member.user.email)
    if name in MAY_OPEN[role]:
        # a form posted empty is answered at its fields (400) or sent back with a message (302)
        opened = (200,) if method == "get" else (200, 302, 400)
        assert response.status_code in opened, f"{role} {name}"
        assert not refusals.exists()
        return
    assert response.status_code == 403, f"{role} {name}"
    event = refusals.get()
    assert event.data == {"permission": permission, "path": url, "method": method.upper()}
    assert event.organization == member.organization
    # a refused POST changed nothing
    assert Membership.objects.count() == memberships_before
    assert StaffRequest.objects.get(pk=world["staff_request"]).status == "pending"
    primary.refresh_from_db()
    assert primary.is_company_manager
    assert not Membership.objects.filter(user__email="sneaked@alpharesale.test").exists()
    assert tenant_a.organization.billing_settings.payment_method == "cash"


@pytest.mark.parametrize("role", list(MAY_OPEN))
@pytest.mark.parametrize(
    ("name", "permission"), [("portal:home", "portal.home"), ("team:employees", "employees.view")]
)
def test_partner_pages_are_refused_to_vendor_staff(db, login, role, name, permission):
    member = make_vendor_member(role)
    url = reverse(name)
    response = login(member).get(url)
    assert response.status_code == 403
    event = _refusals(member.user.email).get()
    assert event.data == {"permission": permission, "path": url, "method": "GET"}
