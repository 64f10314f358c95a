import pytest
from django.utils.html import escape

from portal.access.policies import Feature
from portal.team.models import BillingSettings, CompanyDetails, StaffRequest
from portal.tenancy.models import Level, Membership


def test_employee_list_filters_and_searches(tenant_a, login):
    client = login(tenant_a.members["primary"])
    tenant_a.members["basic"].is_active = False
    tenant_a.members["basic"].save()
    inactive = client.get("/portal/employees/?status=inactive")
    assert b"basic@alpharesale.test" in inactive.content
    assert b"sales@alpharesale.test" not in inactive.content
    found = client.get("/portal/employees/?q=SALES@alpha")
    assert b"sales@alpharesale.test" in found.content and b"it@alpharesale" not in found.content
    assert client.get("/portal/employees/", HTTP_HX_REQUEST="true").templates[0].name == (
        "team/partials/_employee_rows.html"
    )


def test_a_forged_feature_beyond_the_ceiling_is_refused_at_the_field(tenant_a, login):
    client = login(tenant_a.members["primary"])
    url = f"/portal/employees/{tenant_a.members['basic'].pk}/"
    response = client.post(
        url, {"full_name": "Beata", "level": "basic", "features": ["training", "billing"]}
    )
    assert response.status_code == 200
    assert b"Not available at this level: Billing." in response.content
    assert b'value="Beata"' in response.content  # what was typed stays
    basic = Membership.objects.get(pk=tenant_a.members["basic"].pk)
    assert "billing" not in basic.features and basic.user.full_name != "Beata"


def test_feature_change_applies_on_the_next_page(tenant_a, login, client):
    sales = tenant_a.members["sales"]
    login(tenant_a.members["primary"])
    client.post(
        f"/portal/employees/{sales.pk}/",
        {
            "full_name": sales.user.full_name,
            "level": "sales",
            "features": [Feature.TRAINING.value, Feature.SUPPORT.value],
        },
    )
    login(sales)
    assert client.get("/portal/customers/").status_code == 403
    assert b'href="/portal/customers/"' not in client.get("/portal/").content


def test_bad_phone_keeps_input_and_saves_nothing(tenant_a, login):
    client = login(tenant_a.members["primary"])
    url = f"/portal/employees/{tenant_a.members['it'].pk}/"
    response = client.post(url, {"full_name": "Igor", "level": "it", "phone": "12-not-a-phone"})
    assert b"Enter the number in international format" in response.content
    assert b'value="12-not-a-phone"' in response.content
    assert Membership.objects.get(pk=tenant_a.members["it"].pk).user.full_name != "Igor"


def test_manager_is_offered_levels_up_to_manager_and_a_crafted_primary_is_refused(tenant_a, login):
    client = login(tenant_a.members["manager"])
    page = client.get("/portal/employees/requests/")
    assert b'value="manager"' in page.content and b'value="primary"' not in page.content
    crafted = client.post(
        "/portal/employees/requests/", {"full_name": "P", "email": "p@p.test", "level": "primary"}
    )
    assert b"This level is not available to you." in crafted.content
    assert not StaffRequest.objects.exists()


@pytest.mark.parametrize("level", ["sales", "basic"])
def test_sales_and_basic_cannot_open_staff_requests(tenant_a, login, level):
    assert login(tenant_a.members[level]).get("/portal/employees/requests/").status_code == 403


COMPANY = {
    "legal_name": "Alpha",
    "country": "PL",
    "address": "ul. Długa 1",
    "city": "Gdańsk",
    "postcode": "80-001",
}


def test_company_parts_save_on_their_own_and_keep_bad_input(tenant_a, login):
    client = login(tenant_a.members["primary"])
    bad = client.post(
        "/portal/company/info/", {**COMPANY, "tax_id": "1234567890"}, HTTP_HX_REQUEST="true"
    )
    assert b"check digit is wrong" in bad.content and b'value="1234567890"' in bad.content
    empty = client.post(
        "/portal/company/info/", {**COMPANY, "legal_name": ""}, HTTP_HX_REQUEST="true"
    )
    assert b"This field is required." in empty.content
    ok = client.post(
        "/portal/company/info/", {**COMPANY, "tax_id": "526-025-02-74"}, HTTP_HX_REQUEST="true"
    )
    assert b"Company information saved." in ok.content
    assert CompanyDetails.objects.get(organization=tenant_a.organization).tax_id == "5260250274"
    no_email = client.post("/portal/company/billing/", {"billing_email": ""})
    assert no_email.status_code == 200 and b"This field is required." in no_email.content
    # the payment method is the distributor's to set: a forged one is ignored
    billing = client.post(
        "/portal/company/billing/", {"billing_email": "pay@alpha.test", "payment_method": "deposit"}
    )
    assert billing.status_code == 302
    assert BillingSettings.objects.get(organization=tenant_a.organization).payment_method == "cash"
    # untouched by the billing save
    assert CompanyDetails.objects.get(organization=tenant_a.organization).legal_name == "Alpha"


@pytest.mark.parametrize(
    ("level", "edits", "full"),
    [
        ("primary", True, True),
        ("manager", False, True),
        ("it", False, True),
        ("sales", False, False),
        ("basic", False, False),
    ],
)
def test_company_page_views_by_level(tenant_a, login, level, edits, full):
    CompanyDetails.objects.filter(organization=tenant_a.organization).update(tax_id="5260250274")
    page = login(tenant_a.members[level]).get("/portal/company/")
    assert (b"Save company information" in page.content) is edits
    assert (b"5260250274" in page.content) is full
    assert (b"company-billing" in page.content) is full
    if not edits:
        assert (
            login(tenant_a.members[level])
            .post("/portal/company/info/", {"legal_name": "X"})
            .status_code
            == 403
        )


def test_single_primary_sees_the_recommendation(tenant_a, login):
    page = login(tenant_a.members["primary"]).get("/portal/company/")
    assert b"second-primary-hint" in page.content


def test_vendor_approves_and_rejects_in_the_console(tenant_a, vendor_admin, login, client):
    from portal.team import services

    first = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="One", email="one@x.test", level=Level.BASIC
    )
    second = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="Two", email="two@x.test", level=Level.BASIC
    )
    login(vendor_admin)
    queue = client.get("/console/team/staff-requests/").content.decode()
    assert queue.index("one@x.test") < queue.index("two@x.test")  # oldest first
    client.post(f"/console/team/staff-requests/{first.pk}/", {"decision": "approve"})
    client.post(f"/console/team/staff-requests/{second.pk}/", {"decision": "reject", "reason": ""})
    second.refresh_from_db()
    assert second.status == StaffRequest.Status.PENDING  # a reason is required
    client.post(
        f"/console/team/staff-requests/{second.pk}/", {"decision": "reject", "reason": "No"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "approved" and second.status == "rejected"
    assert Membership.objects.filter(user__email="one@x.test").exists()


def test_expired_link_page_offers_a_new_one(client, db):
    response = client.get("/activate/not-a-real-token/")
    assert response.status_code == 410
    assert b"Send me a new link" in response.content


def test_public_new_link_form_is_throttled(client, tenant_a):
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        client.post("/activate/", {"email": "nobody@a.test"})
    response = client.post("/activate/", {"email": "nobody@a.test"}, follow=True)
    assert b"Too many requests" in response.content


def test_a_re_shown_employee_form_keeps_features_of_the_chosen_level(tenant_a, login):
    client = login(tenant_a.members["primary"])
    response = client.post(
        f"/portal/employees/{tenant_a.members['basic'].pk}/",
        {"full_name": "", "level": "sales", "features": ["customers"]},
    )
    html = response.content.decode()
    box = html[html.index('value="customers"') :].split(">")[0]
    assert "checked" in box and "disabled" not in box


def test_storefront_users_have_no_forum(tenant_a, login):
    client = login(tenant_a.storefront_user)
    assert b"Forum credentials" not in client.get("/profile/").content
    assert client.post("/profile/forum/open/").status_code == 403


def test_sensitive_email_bodies_are_hidden_and_emptied_in_production(
    tenant_a, vendor_admin, login, settings, django_capture_on_commit_callbacks
):
    from portal.mail.models import OutboundEmail
    from portal.mail.services import email_queue

    settings.PORTAL_OUTBOX_KEEP_SENSITIVE = False
    queued = email_queue(
        to="x@x.test", subject="Link", body_text="/activate/SECRET/", sensitive=True
    )
    page = login(vendor_admin).get(f"/console/mail/outbox/{queued.pk}/")
    assert b"SECRET" not in page.content and b"email-body-hidden" in page.content
    from portal.mail.tasks import email_deliver

    email_deliver.call(email_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.SENT and "SECRET" not in queued.body_text


def test_reject_without_reason_answers_at_the_field(tenant_a, vendor_admin, login):
    from portal.team import services

    pending = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="One", email="one@x.test", level=Level.BASIC
    )
    response = login(vendor_admin).post(
        f"/console/team/staff-requests/{pending.pk}/", {"decision": "reject", "reason": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tell the requester why." in html and '<details class="inline" open>' in html


def test_home_counts_only_employees_who_can_log_in(tenant_a, login):
    from portal.team import services

    services.member_add(
        actor=None,
        organization=tenant_a.organization,
        email="new@a.test",
        full_name="Not yet",
        role=Level.BASIC,
    )
    from portal.access.navigation import widgets_for

    assert login(tenant_a.members["primary"]).get("/portal/").status_code == 200
    widgets = widgets_for(tenant_a.actor("primary"))
    counts = [w["count"] for w in widgets if "_employees" in w["template"]]
    assert counts == [len(tenant_a.members)]


def test_an_employee_page_shows_their_history(tenant_a, login):
    from portal.team import services

    basic = tenant_a.members["basic"]
    services.membership_deactivate(actor=tenant_a.actor("primary"), membership=basic)
    page = login(tenant_a.members["primary"]).get(f"/portal/employees/{basic.pk}/")
    assert "Employee deactivated" in page.content.decode()
    assert "primary@alpharesale.test" in page.content.decode()


def test_the_manager_picker_searches_on_the_server_and_never_lists_everyone(
    tenant_a, vendor_admin, login
):
    from portal.team import services as team_services

    for i in range(30):
        team_services.member_add(
            actor=None,
            organization=tenant_a.organization,
            email=f"many{i}@alpharesale.test",
            full_name=f"Many {i}",
            role=Level.SALES,
            password="x-password-123456",
        )
    client = login(vendor_admin)
    page = client.get(f"/console/team/partners/{tenant_a.organization.pk}/").content.decode()
    assert page.count('name="to"') == 10  # a first handful, not all 35 employees
    found = client.get(
        f"/console/team/partners/{tenant_a.organization.pk}/manager/candidates/?q=many1"
    ).content.decode()
    # Many 1 and Many 10–19: eleven matches, shown as ten at most
    assert found.count('name="to"') == 10 and "Many 1 " in found and "Manager" not in found
    outsider = client.get(
        f"/console/team/partners/{tenant_a.organization.pk}/manager/candidates/?q=primary"
    ).content.decode()
    assert "primary@alpharesale.test" not in outsider  # the company manager is not a candidate


def test_the_employee_rows_show_links_levels_status_and_feature_access(tenant_a, login):
    sales = tenant_a.members["sales"]
    sales.features = [Feature.CUSTOMERS.value, Feature.TRAINING.value]
    sales.save()
    tenant_a.members["basic"].is_active = False
    tenant_a.members["basic"].save()
    body = login(tenant_a.members["primary"]).get("/portal/employees/").content.decode()
    rows = {
        row.split("</tr>")[0].count("<td"): row
        for row in body.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    }
    assert rows and set(rows) == {5}  # five labelled cells a row
    primary = tenant_a.members["primary"]
    assert f'<a href="/portal/employees/{primary.pk}/">{primary.user.full_name}</a>' in body
    assert f'{primary.user.full_name}</a> <span class="badge info">Company manager</span>' in body
    sales_row = next(r for r in body.split("<tr")[1:] if f"/employees/{sales.pk}/" in r)
    labels = [str(f.label) for f in Feature if f.value in sales.features]  # catalogue order
    assert labels == ["Training & Events", "Customers"]
    assert (
        '<td data-label="Feature access" class="small">'
        + " ".join(f'<span class="badge">{escape(label)}</span>' for label in labels)
        + "</td>"
    ) in sales_row
    assert '<span class="badge ok">Active</span>' in sales_row
    basic_row = next(
        r for r in body.split("<tr")[1:] if f"/employees/{tenant_a.members['basic'].pk}/" in r
    )
    assert '<span class="badge bad">Inactive</span>' in basic_row
    primary_row = next(r for r in body.split("<tr")[1:] if f"/employees/{primary.pk}/" in r)
    assert ">Everything</td>" in primary_row
