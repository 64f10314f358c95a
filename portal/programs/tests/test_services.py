"""Services and policies of the reseller program (PROG-1..5): who may do what at which status,
the duplicate rules, and what each decision creates, emails and audits."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.access.policies import Feature, can
from portal.audit.models import AuditEvent
from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.mail.models import OutboundEmail
from portal.programs import services
from portal.programs.models import AccountRequest, Lead, ResellerApplication, TermsAcceptance
from portal.team import services as team_services
from portal.team.models import ActivationToken, CompanyDetails
from portal.tenancy.models import Level, Membership, Organization, OrganizationKind, VendorRole

from .conftest import company

# ---------------------------------------------------------------- applications


def test_an_application_is_due_in_30_days_and_confirmed_by_email(db):
    application = services.application_submit(
        **company(email="apply@new.test"), website="https://new.test", message="Hi"
    )
    assert application.status == ResellerApplication.Status.PENDING
    assert application.due_date == timezone.localdate() + timedelta(days=30)
    assert application.reference.startswith("APP-")
    assert OutboundEmail.objects.filter(to="apply@new.test").count() == 1
    assert AuditEvent.objects.filter(verb="application.submitted").count() == 1


def test_a_second_application_for_the_same_tax_id_is_refused_at_the_field(db):
    first = company()
    services.application_submit(**first)
    spaced = first["tax_id"][:3] + "-" + first["tax_id"][3:]  # the same NIP typed differently
    with pytest.raises(DomainError) as refused:
        services.application_submit(**company(tax_id=spaced, company_name="Other name"))
    assert refused.value.field == "tax_id"
    assert "already been received" in refused.value.message
    assert ResellerApplication.objects.count() == 1


def test_the_same_hungarian_company_in_either_form_applies_once(db):
    services.application_submit(**company(country="HU", tax_id="12892312"))
    with pytest.raises(DomainError):
        services.application_submit(**company(country="HU", tax_id="12892312-2-41"))


def test_a_rejected_company_may_apply_again(db, vendor):
    first = services.application_submit(**company(tax_id="8567346215"))
    services.application_reject(actor=vendor, application=first, reason="Not yet")
    again = services.application_submit(**company(tax_id="8567346215"))
    assert again.status == ResellerApplication.Status.PENDING


def test_an_existing_partner_cannot_apply(tenant_a):
    CompanyDetails.objects.filter(organization=tenant_a.organization).update(
        country="PL", tax_id="8567346215"
    )
    with pytest.raises(DomainError):
        services.application_submit(**company(tax_id="8567346215"))


@pytest.mark.parametrize(
    ("country", "tax_id"),
    [("PL", "8567346216"), ("PL", "12345"), ("HU", "12892313"), ("HU", "12892313-2-41")],
)
def test_an_invalid_tax_id_saves_nothing(db, country, tax_id):
    with pytest.raises(ValidationError) as refused:
        services.application_submit(**company(country=country, tax_id=tax_id))
    assert "tax_id" in refused.value.error_dict
    assert not ResellerApplication.objects.exists()


def test_acceptance_creates_the_reseller_with_the_applicant_as_company_manager(tenant_a, vendor):
    distributor = tenant_a.organization.parent
    application = services.application_submit(**company(email="new.owner@apply.test"))
    services.application_accept(actor=vendor, application=application, parent=distributor)
    application.refresh_from_db()
    reseller = application.reseller
    assert reseller.kind == OrganizationKind.RESELLER and reseller.parent == distributor
    assert reseller.details.tax_id == application.tax_id
    owner = Membership.objects.get(organization=reseller)
    assert owner.user.email == "new.owner@apply.test"
    assert owner.role == Level.PRIMARY and owner.is_company_manager
    assert ActivationToken.objects.filter(user=owner.user, used_at=None).count() == 1
    subjects = list(
        OutboundEmail.objects.filter(to="new.owner@apply.test").values_list("subject", flat=True)
    )
    assert any("Welcome to the reseller program" in s for s in subjects)
    assert any("Activate" in s or "activ" in s.lower() for s in subjects)
    with pytest.raises(DomainError):
        services.application_accept(actor=vendor, application=application)


def test_acceptance_without_a_distributor_puts_the_reseller_under_the_vendor(db, vendor):
    application = services.application_submit(**company())
    services.application_accept(actor=vendor, application=application)
    application.refresh_from_db()
    assert application.reseller.parent.kind == OrganizationKind.VENDOR


def test_an_applicant_who_already_signs_in_is_invited(tenant_a, vendor):
    existing = tenant_a.members["sales"].user
    application = services.application_submit(**company(email=existing.email))
    services.application_accept(actor=vendor, application=application)
    application.refresh_from_db()
    assert not Membership.objects.filter(user=existing, organization=application.reseller).exists()
    assert existing.membership_invitations.get().role == Level.PRIMARY


@pytest.mark.parametrize("role", [VendorRole.SUPPORT, VendorRole.BILLING, VendorRole.CONTENT])
def test_only_the_partner_desk_decides_applications(db, role):
    application = services.application_submit(**company())
    other = actor_for(make_vendor_member(role))
    with pytest.raises(PermissionDenied):
        services.application_accept(actor=other, application=application)
    with pytest.raises(PermissionDenied):
        services.application_reject(actor=other, application=application, reason="x")


def test_a_rejection_needs_a_reason_and_tells_the_applicant(db, vendor):
    application = services.application_submit(**company(email="no@apply.test"))
    with pytest.raises(DomainError):
        services.application_reject(actor=vendor, application=application, reason="  ")
    services.application_reject(actor=vendor, application=application, reason="No shops yet")
    body = OutboundEmail.objects.filter(to="no@apply.test").latest("pk").body_text
    assert "No shops yet" in body


# ---------------------------------------------------------------- terms


def test_only_a_primary_of_a_reseller_accepts_the_terms(tenant_a, vendor):
    terms = services.terms_publish(actor=vendor, text="Be nice.")
    with pytest.raises(PermissionDenied):
        services.terms_accept(actor=tenant_a.actor("manager"), terms=terms)
    acceptance = services.terms_accept(actor=tenant_a.actor("primary"), terms=terms)
    assert acceptance.accepted_by == tenant_a.members["primary"].user
    assert acceptance.terms.version == 1
    newer = services.terms_publish(actor=vendor, text="Be nicer.")
    with pytest.raises(DomainError):  # only the current version can be accepted
        services.terms_accept(actor=tenant_a.actor("primary"), terms=terms)
    services.terms_accept(actor=tenant_a.actor("primary"), terms=newer)
    assert TermsAcceptance.objects.filter(organization=tenant_a.organization).count() == 2


# ---------------------------------------------------------------- registration link


def test_rotating_the_link_kills_the_old_one(tenant_a):
    old = services.registration_link_ensure(actor=None, organization=tenant_a.organization)
    token = old.token
    assert services.registration_link_lookup(token) is not None
    new = services.registration_link_rotate(actor=tenant_a.actor("primary"))
    assert new.token != token
    assert services.registration_link_lookup(token) is None
    assert services.registration_link_lookup(new.token) is not None


def test_an_inactive_resellers_link_finds_nothing(tenant_a):
    link = services.registration_link_ensure(actor=None, organization=tenant_a.organization)
    Organization.objects.filter(pk=tenant_a.organization.pk).update(is_active=False)
    assert services.registration_link_lookup(link.token) is None


def test_sales_may_not_rotate_the_link(tenant_a):
    with pytest.raises(PermissionDenied):
        services.registration_link_rotate(actor=tenant_a.actor("sales"))


# ---------------------------------------------------------------- leads


def _link(tenant):
    return services.registration_link_ensure(actor=None, organization=tenant.organization)


def test_a_public_registration_is_a_lead_and_the_primaries_are_told(tenant_a):
    lead = services.lead_register_public(link=_link(tenant_a), **company())
    assert lead.organization == tenant_a.organization
    assert lead.source == Lead.Source.LINK and lead.status == Lead.Status.LEAD
    primary = tenant_a.members["primary"].user.email
    assert OutboundEmail.objects.filter(to=primary, subject__contains="New lead").exists()


def test_the_same_client_through_another_reseller_is_refused_without_naming_it(tenant_a, tenant_b):
    data = company(company_name="Shared Client")
    services.lead_register_public(link=_link(tenant_a), **data)
    with pytest.raises(DomainError) as refused:
        services.lead_create(actor=tenant_b.actor("primary"), **data)
    assert refused.value.field == "tax_id"
    assert tenant_a.organization.name not in refused.value.message
    assert "already registered" in refused.value.message
    assert Lead.objects.count() == 1


def test_an_existing_customer_cannot_be_registered_as_a_lead(tenant_a, tenant_b):
    CompanyDetails.objects.filter(organization=tenant_a.customers[0]).update(
        country="PL", tax_id="8567346215"
    )
    with pytest.raises(DomainError):
        services.lead_register_public(link=_link(tenant_b), **company(tax_id="856-734-62-15"))


def test_a_rejected_lead_frees_the_company(tenant_a, tenant_b, vendor):
    data = company()
    lead = services.lead_create(actor=tenant_a.actor("sales"), **data)
    services.lead_reject(actor=vendor, lead=lead, reason="Not a real company")
    assert services.lead_create(actor=tenant_b.actor("sales"), **data).status == Lead.Status.LEAD


@pytest.mark.parametrize(
    ("level", "allowed"),
    [("primary", True), ("manager", True), ("sales", True), ("it", False), ("basic", False)],
)
def test_who_manages_leads(tenant_a, level, allowed):
    assert can(tenant_a.actor(level), "leads.manage") is allowed


def test_sales_needs_the_customers_feature(tenant_a):
    sales = tenant_a.members["sales"]
    sales.features = [f for f in sales.features if f != Feature.CUSTOMERS.value]
    sales.save()
    assert Feature.SALES_MARKETING.value in sales.features
    assert not can(actor_for(sales), "leads.manage")
    with pytest.raises(PermissionDenied):
        services.lead_create(actor=actor_for(sales), **company())


def test_a_distributor_has_no_leads(tenant_a):
    distributor_primary = team_services.member_add(
        actor=None,
        organization=tenant_a.organization.parent,
        email="p@dist.test",
        full_name="Dist",
        role=Level.PRIMARY,
        is_company_manager=True,
    )
    assert not can(actor_for(distributor_primary), "leads.manage")


def test_a_lead_is_edited_until_converted_then_read_only(tenant_a, vendor):
    sales = tenant_a.actor("sales")
    lead = services.lead_create(actor=sales, **company(city="Gdańsk"))
    services.lead_update(
        actor=sales, lead=lead, **{**company(), "tax_id": lead.tax_id, "city": "Sopot"}
    )
    lead.refresh_from_db()
    assert lead.city == "Sopot"
    assert AuditEvent.objects.get(verb="lead.updated").data == {"changed": ["city"]}
    customer = services.lead_convert(actor=vendor, lead=lead)
    lead.refresh_from_db()
    assert lead.customer == customer and lead.status == Lead.Status.CONVERTED
    assert not can(sales, "leads.edit", lead)
    with pytest.raises(PermissionDenied):
        services.lead_update(actor=sales, lead=lead, city="Gdynia")


def test_another_resellers_lead_is_not_editable(tenant_a, tenant_b):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company())
    assert not can(tenant_b.actor("primary"), "leads.edit", lead)
    with pytest.raises(PermissionDenied):
        services.lead_update(actor=tenant_b.actor("primary"), lead=lead, city="X")


def test_changing_a_leads_tax_id_to_a_registered_one_is_refused(tenant_a):
    sales = tenant_a.actor("sales")
    taken = services.lead_create(actor=sales, **company())
    lead = services.lead_create(actor=sales, **company())
    with pytest.raises(DomainError):
        services.lead_update(actor=sales, lead=lead, tax_id=taken.tax_id)


def test_conversion_makes_a_customer_of_the_leads_reseller_once(tenant_a, vendor):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company(company_name="New Co"))
    customer = services.lead_convert(actor=vendor, lead=lead)
    assert customer.kind == OrganizationKind.CUSTOMER
    assert customer.parent == tenant_a.organization
    assert customer.details.tax_id == lead.tax_id
    with pytest.raises(DomainError):
        services.lead_convert(actor=vendor, lead=lead)
    assert Organization.objects.filter(name="New Co").count() == 1


def test_resellers_cannot_convert(tenant_a):
    lead = services.lead_create(actor=tenant_a.actor("primary"), **company())
    with pytest.raises(PermissionDenied):
        services.lead_convert(actor=tenant_a.actor("primary"), lead=lead)


# ---------------------------------------------------------------- change and service requests


def _converted(tenant, vendor, **data):
    lead = services.lead_create(actor=tenant.actor("sales"), **company(**data))
    services.lead_convert(actor=vendor, lead=lead)
    lead.refresh_from_db()
    return lead


def test_requests_are_filed_on_converted_accounts_only(tenant_a, vendor):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company())
    with pytest.raises(PermissionDenied):
        services.account_request_file(
            actor=tenant_a.actor("sales"), lead=lead, kind="service", description="More"
        )


def test_an_applied_change_request_updates_the_account(tenant_a, vendor):
    lead = _converted(tenant_a, vendor, company_name="Old Name")
    request = services.account_request_file(
        actor=tenant_a.actor("sales"),
        lead=lead,
        kind=AccountRequest.Kind.CHANGE,
        changes={"name": "New Name", "city": "Sopot", "phone": ""},
    )
    assert request.changes == {"name": "New Name", "city": "Sopot"}
    services.account_request_apply(actor=vendor, request=request)
    customer = Organization.objects.get(pk=lead.customer_id)
    assert customer.name == "New Name" and customer.details.city == "Sopot"
    request.refresh_from_db()
    assert request.status == AccountRequest.Status.APPLIED
    with pytest.raises(DomainError):
        services.account_request_decline(actor=vendor, request=request, reason="late")


def test_a_change_request_needs_a_change_and_a_service_request_a_description(tenant_a, vendor):
    lead = _converted(tenant_a, vendor, city="Gdańsk")
    sales = tenant_a.actor("sales")
    with pytest.raises(DomainError):
        services.account_request_file(
            actor=sales, lead=lead, kind="change", changes={"city": "Gdańsk"}
        )
    with pytest.raises(DomainError):
        services.account_request_file(actor=sales, lead=lead, kind="service", description=" ")


def test_a_declined_request_changes_nothing_and_tells_the_filer(tenant_a, vendor):
    lead = _converted(tenant_a, vendor, company_name="Keep Name")
    request = services.account_request_file(
        actor=tenant_a.actor("sales"), lead=lead, kind="change", changes={"name": "Other"}
    )
    services.account_request_decline(actor=vendor, request=request, reason="Name is legal")
    assert Organization.objects.get(pk=lead.customer_id).name == "Keep Name"
    filer = tenant_a.members["sales"].user.email
    assert "Name is legal" in OutboundEmail.objects.filter(to=filer).latest("pk").body_text
