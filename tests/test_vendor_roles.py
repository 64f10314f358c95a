"""SPEC §5 through the pages: what the vendor roles support, billing and content may open.

Each console page is refused (403, and the refusal written to the audit trail as
`access.refused`) to a role the rules of portal/access/policies.py leave out, and opens (200)
for a role they let in. Pages are named by URL name only, so they may move to new paths.
A console page added later makes `test_every_console_page_is_listed` fail until it is listed here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.audit.models import AuditEvent
from portal.demo.testing import make_vendor_member
from portal.mail.services import email_queue
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
    "console:staff_requests": ("get", "console.staff_requests.decide", {}),
    "console:staff_request_decide": (
        "post",
        "console.staff_requests.decide",
        {"staff_request_id": "staff_request"},
    ),
    "console:audit": ("get", "console.audit.view", {}),
    "console:outbox": ("get", "console.outbox.view", {}),
    "console:outbox_email": ("get", "console.outbox.view", {"email_id": "email"}),
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

# SPEC §5: support and billing look partners up; content editors do not.
MAY_OPEN = {
    VendorRole.SUPPORT: {
        "console:home",
        "console:partners",
        "console:partner",
        "console:customers_list",
        "console:customers_detail",
    },
    VendorRole.BILLING: {
        "console:home",
        "console:partners",
        "console:partner",
        "console:customers_list",
        "console:customers_detail",
    },
    VendorRole.CONTENT: {"console:home"},
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


@pytest.fixture
def world(tenant_a):
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
        assert response.status_code == 200, f"{role} {name}"
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
