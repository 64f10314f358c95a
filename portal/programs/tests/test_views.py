"""The reseller program's pages through the test client: the public forms (bad input kept at
the field, honeypot, rate limit, rotated or inactive links), the terms gate, the reseller's
leads, the console's decisions, another tenant's records as 404, and fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from portal.programs import services
from portal.programs.models import (
    AccountRequest,
    Lead,
    ProgramTerms,
    ResellerApplication,
    TermsAcceptance,
)
from portal.tenancy.models import Organization

from .conftest import company


def _post_company(client, url, **overrides):
    return client.post(url, company(**overrides))


# ---------------------------------------------------------------- public forms


def test_the_application_form_keeps_the_input_and_says_which_field_is_wrong(client, db):
    response = _post_company(
        client, "/apply/", tax_id="8567346216", phone="12", email="not-an-email"
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"tax_id", "phone", "email"}
    assert "check digit" in form.errors["tax_id"][0]
    assert 'value="Client Co"' in response.content.decode()
    assert not ResellerApplication.objects.exists()


def test_an_application_is_received_then_a_second_one_is_refused(client, db):
    data = company(email="apply@new.test")
    response = client.post("/apply/", data)
    assert response.status_code == 302 and response.url == reverse("public_programs:applied")
    response = client.post("/apply/", data)
    assert response.status_code == 400
    assert "already been received" in response.context["form"].errors["tax_id"][0]
    assert ResellerApplication.objects.count() == 1


def test_the_honeypot_stores_nothing(client, db):
    response = client.post("/apply/", {**company(), "fax_number": "spam"})
    assert response.status_code == 302
    assert not ResellerApplication.objects.exists()


@override_settings(ACCOUNT_RATE_LIMITS={"program_apply": "2/h/ip", "lead_register": "1/h/ip"})
def test_the_public_forms_are_rate_limited_per_address(client, tenant_a):
    for _ in range(2):
        assert client.post("/apply/", company()).status_code == 302
    refused = client.post("/apply/", company())
    assert refused.status_code == 429
    assert ResellerApplication.objects.count() == 2
    link = services.registration_link_ensure(actor=None, organization=tenant_a.organization)
    url = reverse("public_programs:register", args=[link.token])
    assert client.post(url, company()).status_code == 302
    assert client.post(url, company()).status_code == 429
    assert Lead.objects.count() == 1


def test_a_registration_link_makes_a_lead_of_its_reseller(client, tenant_a):
    link = services.registration_link_ensure(actor=None, organization=tenant_a.organization)
    url = reverse("public_programs:register", args=[link.token])
    page = client.get(url)
    assert page.status_code == 200 and tenant_a.organization.name in page.content.decode()
    missing = client.post(url, {**company(), "postcode": "", "contact_name": ""})
    assert missing.status_code == 400
    assert set(missing.context["form"].errors) == {"postcode", "contact_name"}
    assert client.post(url, company(company_name="Linked Co")).status_code == 302
    assert Lead.objects.get().organization == tenant_a.organization


def test_a_rotated_link_and_an_inactive_resellers_link_are_404(client, tenant_a):
    old = services.registration_link_ensure(actor=None, organization=tenant_a.organization).token
    new = services.registration_link_rotate(actor=tenant_a.actor("primary")).token
    assert client.get(reverse("public_programs:register", args=[old])).status_code == 404
    assert (
        client.post(reverse("public_programs:register", args=[old]), company()).status_code == 404
    )
    assert client.get(reverse("public_programs:register", args=[new])).status_code == 200
    Organization.objects.filter(pk=tenant_a.organization.pk).update(is_active=False)
    assert (
        client.post(reverse("public_programs:register", args=[new]), company()).status_code == 404
    )
    assert not Lead.objects.exists()


# ---------------------------------------------------------------- the terms gate


def test_the_terms_gate(tenant_a, vendor, login, client):
    assert login(tenant_a.members["primary"]).get("/portal/").status_code == 200  # none yet
    terms = services.terms_publish(actor=vendor, text="Terms v1")
    response = client.get("/portal/company/")
    assert response.status_code == 302 and response.url == reverse("programs:terms")
    assert client.get("/profile/").status_code == 200  # the person's own pages stay open
    page = client.get(reverse("programs:terms"))
    assert "Terms v1" in page.content.decode() and page.context["may_accept"]

    manager = login(tenant_a.members["manager"])
    assert manager.get("/portal/").url == reverse("programs:terms")
    waiting = manager.get(reverse("programs:terms"))
    assert "Your Primary / Owner must accept them first" in waiting.content.decode()
    assert manager.post(reverse("programs:terms"), {"terms": terms.pk}).status_code == 403

    primary = login(tenant_a.members["primary"])
    response = primary.post(
        reverse("programs:terms"), {"terms": terms.pk}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    acceptance = TermsAcceptance.objects.get()
    assert acceptance.accepted_by == tenant_a.members["primary"].user
    assert acceptance.ip_address == "203.0.113.9"
    assert primary.get("/portal/company/").status_code == 200
    assert login(tenant_a.members["manager"]).get("/portal/").status_code == 200

    services.terms_publish(actor=vendor, text="Terms v2")  # a new version asks again
    assert login(tenant_a.members["primary"]).get("/portal/").status_code == 302


def test_the_gates_yes_is_kept_and_a_new_version_or_a_removed_acceptance_asks_again(
    tenant_a, vendor, login
):
    terms = services.terms_publish(actor=vendor, text="Terms v1")
    primary = tenant_a.actor("primary")
    services.terms_accept(actor=primary, terms=terms)
    client = login(tenant_a.members["primary"])
    assert client.get("/portal/").status_code == 200  # the answer is read and kept

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/portal/").status_code == 200
    assert not [q for q in queries if "programs_programterms" in q["sql"]]

    services.terms_publish(actor=vendor, text="Terms v2")
    assert client.get("/portal/").url == reverse("programs:terms")
    services.terms_accept(actor=primary, terms=ProgramTerms.objects.first())
    assert client.get("/portal/").status_code == 200

    TermsAcceptance.objects.filter(terms__version=2).delete()  # e.g. through the admin
    assert client.get("/portal/").url == reverse("programs:terms")


def test_the_gate_leaves_distributors_and_vendor_staff_alone(tenant_a, vendor, login):
    services.terms_publish(actor=vendor, text="Terms")
    assert login(vendor.membership).get("/console/").status_code == 200


# ---------------------------------------------------------------- leads


def test_the_leads_page_lists_own_leads_with_the_link(tenant_a, tenant_b, login):
    services.lead_create(actor=tenant_a.actor("sales"), **company(company_name="Own Lead"))
    services.lead_create(actor=tenant_b.actor("sales"), **company(company_name="Foreign Lead"))
    client = login(tenant_a.members["sales"])
    body = client.get("/portal/leads/").content.decode()
    assert "Own Lead" in body and "Foreign Lead" not in body
    link = tenant_a.organization.registration_link
    assert reverse("public_programs:register", args=[link.token]) in body
    assert "Make a new link" not in body  # Sales share the link, Managers and Primaries rotate it
    assert "Own Lead" not in client.get("/portal/leads/?q=nothing-like-it").content.decode()
    assert client.get("/portal/leads/?status=converted&sort=-company_name").status_code == 200


def test_basic_and_it_do_not_see_leads(tenant_a, login):
    for level in ("basic", "it"):
        assert login(tenant_a.members[level]).get("/portal/leads/").status_code == 403


def test_adding_a_lead_keeps_the_input_on_error(tenant_a, login):
    client = login(tenant_a.members["sales"])
    response = _post_company(client, "/portal/leads/new/", tax_id="123", company_name="Typo Co")
    assert response.status_code == 400 and "Typo Co" in response.content.decode()
    assert not Lead.objects.exists()
    response = _post_company(client, "/portal/leads/new/", company_name="Good Co")
    lead = Lead.objects.get()
    assert response.url == reverse("programs:lead", args=[lead.pk])


def test_editing_then_read_only_with_a_link_to_the_account(tenant_a, vendor, login):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company())
    client = login(tenant_a.members["sales"])
    url = reverse("programs:lead", args=[lead.pk])
    data = {**company(), "tax_id": lead.tax_id, "city": "Sopot"}
    assert client.post(url, data).status_code == 302
    services.lead_convert(actor=vendor, lead=lead)
    page = client.get(url)
    assert page.context["form"] is None and not page.context["editable"]
    lead.refresh_from_db()
    assert reverse("customers:detail", args=[lead.customer_id]) in page.content.decode()
    assert client.post(url, {**data, "city": "Gdynia"}).status_code == 403
    lead.refresh_from_db()
    assert lead.city == "Sopot"
    # the account now appears in My Customers
    assert lead.company_name in client.get("/portal/customers/").content.decode()


def test_filing_a_change_request_from_the_lead_page(tenant_a, vendor, login):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company())
    services.lead_convert(actor=vendor, lead=lead)
    client = login(tenant_a.members["sales"])
    url = reverse("programs:lead_request", args=[lead.pk])
    bad = client.post(url, {"kind": "change", "change-phone": "12"})
    assert bad.status_code == 400 and "phone" in bad.context["change_form"].errors
    ok = client.post(url, {"kind": "change", "change-city": "Sopot"})
    assert ok.status_code == 302
    assert AccountRequest.objects.get().changes == {"city": "Sopot"}


def test_another_resellers_lead_is_404(tenant_a, tenant_b, login):
    lead = services.lead_create(actor=tenant_b.actor("sales"), **company())
    client = login(tenant_a.members["primary"])
    for url in (
        reverse("programs:lead", args=[lead.pk]),
        reverse("programs:lead_request", args=[lead.pk]),
    ):
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {**company(), "kind": "service"}).status_code == 404


# ---------------------------------------------------------------- console


def test_the_vendor_accepts_an_application_from_the_console(tenant_a, vendor, login, client):
    application = services.application_submit(**company(email="owner@applied.test"))
    console = login(vendor.membership)
    page = console.get(reverse("console:applications"))
    assert application.company_name in page.content.decode()
    url = reverse("console:application_decide", args=[application.pk])
    response = console.post(url, {"decision": "accept", "parent": tenant_a.organization.parent.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reseller.parent == tenant_a.organization.parent
    detail = console.get(reverse("console:application", args=[application.pk]))
    assert "Reseller application accepted" in detail.content.decode()  # the history


def test_a_rejection_without_a_reason_is_refused_at_the_field(vendor, login):
    application = services.application_submit(**company())
    response = login(vendor.membership).post(
        reverse("console:application_decide", args=[application.pk]), {"decision": "reject"}
    )
    assert response.status_code == 400 and "reason" in response.context["reject_form"].errors
    application.refresh_from_db()
    assert application.status == ResellerApplication.Status.PENDING


def test_the_vendor_converts_a_lead_and_applies_a_request(tenant_a, vendor, login):
    lead = services.lead_create(actor=tenant_a.actor("sales"), **company(company_name="Queue Co"))
    console = login(vendor.membership)
    assert "Queue Co" in console.get(reverse("console:leads")).content.decode()
    console.post(reverse("console:lead_decide", args=[lead.pk]), {"decision": "convert"})
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONVERTED
    request = services.account_request_file(
        actor=tenant_a.actor("sales"), lead=lead, kind="change", changes={"name": "Queue Two"}
    )
    assert request.reference in console.get(reverse("console:account_requests")).content.decode()
    console.post(
        reverse("console:account_request_decide", args=[request.pk]), {"decision": "apply"}
    )
    assert Organization.objects.get(pk=lead.customer_id).name == "Queue Two"


def test_publishing_terms_from_the_console(vendor, login):
    console = login(vendor.membership)
    assert console.post(reverse("console:terms"), {"text": ""}).status_code == 400
    assert console.post(reverse("console:terms"), {"text": "New terms"}).status_code == 302
    assert "New terms" in console.get(reverse("console:terms")).content.decode()


# ---------------------------------------------------------------- query counts (PERF-1)


def _queries(client, url):
    client.get("/healthz")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_leads(tenant, vendor, count):
    for _ in range(count):
        lead = services.lead_create(actor=tenant.actor("primary"), **company())
        if lead.pk % 2:
            services.lead_convert(actor=vendor, lead=lead)
            lead.refresh_from_db()
            services.account_request_file(
                actor=tenant.actor("primary"), lead=lead, kind="service", description="x"
            )
        services.application_submit(**company())


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("primary", "/portal/leads/"),
        ("primary", "/portal/leads/?q=Client&sort=city"),
        ("primary", "/portal/"),
        ("vendor", "/console/programs/leads/?status="),
        ("vendor", "/console/programs/applications/"),
        ("vendor", "/console/programs/requests/?status="),
        ("vendor", "/console/programs/terms/"),
        ("vendor", "/console/"),
    ],
)
def test_query_count_does_not_grow_with_rows(tenant_a, vendor, login, who, url):
    services.terms_publish(actor=vendor, text="Terms")
    services.terms_accept(
        actor=tenant_a.actor("primary"), terms=services.terms_publish(actor=vendor, text="T2")
    )
    client = login(tenant_a.members["primary"] if who == "primary" else vendor.membership)
    _add_leads(tenant_a, vendor, 3)
    _queries(client, url)  # the first visit of the Leads page makes the registration link
    few = _queries(client, url)
    _add_leads(tenant_a, vendor, 20)
    assert _queries(client, url) == few
