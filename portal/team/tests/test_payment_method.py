"""The payment method is set from above (issue 10, point 4) and the vendor's partner page shows
the partner's facts, employees and resellers or customers (point 5)."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.audit.models import AuditEvent
from portal.demo.testing import PASSWORD, actor_for, make_vendor_member
from portal.team import services
from portal.team.models import BillingSettings
from portal.tenancy.models import Level, VendorRole


def _distributor_primary(tenant):
    return services.member_add(
        actor=None,
        organization=tenant.organization.parent,
        email=f"boss@{tenant.organization.pk}.dist.test",
        full_name="Distributor Boss",
        role=Level.PRIMARY,
        password=PASSWORD,
        is_company_manager=True,
    )


def _method(tenant):
    return BillingSettings.objects.get(organization=tenant.organization).payment_method


def test_a_reseller_reads_its_payment_method_but_cannot_set_it(tenant_a, login):
    with pytest.raises(PermissionDenied):
        services.payment_method_set(
            actor=tenant_a.actor("primary"),
            organization=tenant_a.organization,
            payment_method="deposit",
        )
    client = login(tenant_a.members["primary"])
    page = client.get("/portal/company/").content.decode()
    assert 'name="payment_method"' not in page and "Set by your distributor" in page
    assert client.get("/portal/resellers/").status_code == 403


def test_the_distributor_sets_its_resellers_method_audited(tenant_a, tenant_b, login):
    boss = _distributor_primary(tenant_a)
    client = login(boss)
    page = client.get("/portal/resellers/").content.decode()
    assert tenant_a.organization.name in page and tenant_b.organization.name not in page
    url = f"/portal/resellers/{tenant_a.organization.pk}/payment-method/"
    assert client.post(url, {"payment_method": "credit_card"}).status_code == 302
    assert _method(tenant_a) == "credit_card"
    event = AuditEvent.objects.filter(verb="company.payment_method_set").get()
    assert event.organization == tenant_a.organization  # the reseller's managers read it
    assert event.details == ["Payment method: Cash → Credit card"]
    # the same method again writes nothing
    client.post(url, {"payment_method": "credit_card"})
    assert AuditEvent.objects.filter(verb="company.payment_method_set").count() == 1
    # another distributor's reseller does not exist for this one
    other = f"/portal/resellers/{tenant_b.organization.pk}/payment-method/"
    assert client.post(other, {"payment_method": "deposit"}).status_code == 404
    assert _method(tenant_b) == "cash"


def test_vendor_staff_set_it_on_the_partner_page(tenant_a, login):
    billing_clerk = make_vendor_member(VendorRole.BILLING)
    client = login(billing_clerk)
    url = f"/console/team/partners/{tenant_a.organization.pk}/payment-method/"
    assert client.post(url, {"payment_method": "deposit"}).status_code == 302
    assert _method(tenant_a) == "deposit"
    support = make_vendor_member(VendorRole.SUPPORT)
    with pytest.raises(PermissionDenied):
        services.payment_method_set(
            actor=actor_for(support), organization=tenant_a.organization, payment_method="cash"
        )


def test_partner_page_shows_facts_first_and_searchable_tables(tenant_a, login):
    services.company_info_update(
        actor=tenant_a.actor("primary"),
        legal_name="Alpha Resale sp. z o.o.",
        tax_id="526-025-02-74",
        address="Długa 1",
        postcode="00-001",
        city="Warszawa",
        state="",
        country="PL",
        phone="+48221234567",
        website="",
    )
    client = login(make_vendor_member())
    body = client.get(f"/console/team/partners/{tenant_a.organization.pk}/").content.decode()
    facts = body.index('data-testid="partner-facts"')
    assert facts < body.index("Add an employee")
    assert "5260250274" in body and "Cash" in body and "Warszawa" in body
    assert tenant_a.customers[0].name in body and "<table" in body
    # employees are a table with search; customers are searched by name
    found = client.get(
        f"/console/team/partners/{tenant_a.organization.pk}/?staff=basic@&q=Customer 1"
    ).content.decode()
    staff_part = found.split('id="employees"')[1].split('id="children"')[0]
    assert "basic@alpharesale.test" in staff_part and "manager@alpharesale.test" not in staff_part
    children = found.split('id="children"')[1].split("Add an employee")[0]
    assert tenant_a.customers[1].name in children and tenant_a.customers[0].name not in children
    # the distributor's page lists its resellers, found by a dashed tax id too
    distributor = tenant_a.organization.parent
    page = client.get(f"/console/team/partners/{distributor.pk}/?q=526-025-02-74").content.decode()
    assert tenant_a.organization.name in page.split('id="children"')[1].split("Add an employee")[0]
    partners = client.get("/console/team/partners/?q=526-025-02-74").content.decode()
    assert tenant_a.organization.name in partners


def test_the_tax_id_is_required_and_shown_normalised_at_once(tenant_a, login):
    client = login(tenant_a.members["primary"])
    company = {
        "legal_name": "Alpha",
        "tax_id": "",
        "country": "PL",
        "address": "Długa 1",
        "city": "Gdańsk",
        "postcode": "80-001",
        "state": "",
        "phone": "",
        "website": "",
    }
    empty = client.post("/portal/company/info/", company, HTTP_HX_REQUEST="true")
    assert "This field is required." in empty.content.decode().split('name="tax_id"')[0]
    saved = client.post(
        "/portal/company/info/", {**company, "tax_id": "526-025-02-74"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Company information saved." in saved
    assert 'value="5260250274"' in saved and "526-025-02-74" not in saved
