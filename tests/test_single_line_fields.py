"""Issue 8.9: names and other one-line fields refuse control characters at the field, in forms
and in models alike, so "Hello Evil\nClick http://x" never reaches a plain-text email."""

import pytest
from django.core.exceptions import ValidationError

from portal.profiles.forms import ForumCredentialForm, PersonalInfoForm
from portal.team import services
from portal.team.forms import EmployeeForm, StaffRequestForm, VendorAddEmployeeForm
from portal.team.models import CompanyDetails, StaffRequest
from portal.tenancy.models import Level

EVIL = "Evil\nClick http://x"
MESSAGE = "Use a single line of text without control characters."


def test_a_staff_request_for_a_name_with_a_newline_is_refused_at_the_field(tenant_a, login):
    response = login(tenant_a.members["primary"]).post(
        "/portal/employees/requests/",
        {"full_name": EVIL, "email": "evil@alpha.test", "level": Level.BASIC},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"full_name": [MESSAGE]}
    assert not StaffRequest.objects.filter(email="evil@alpha.test").exists()


@pytest.mark.parametrize("value", [EVIL, "\u202eevil", "Evil\tName"])
def test_the_profile_refuses_a_name_with_control_characters_at_the_field(tenant_a, login, value):
    sales = tenant_a.members["sales"].user
    response = login(tenant_a.members["sales"]).post(
        "/profile/personal/",
        {
            "full_name": value,
            "job_title": value,
            "phone": "",
            "language": "en",
            "date_format": "Y-m-d",
            "time_zone": "Europe/Warsaw",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    errors = response.context["personal_form"].errors
    assert errors == {"full_name": [MESSAGE], "job_title": [MESSAGE]}
    sales.refresh_from_db()
    assert sales.full_name == "Sales / Designer of Alpha Resale" and sales.job_title == ""


def test_the_models_refuse_it_for_every_service_too(tenant_a):
    """A service called without a form (the API, an import) meets the same rule."""
    with pytest.raises(ValidationError) as refused:
        services.staff_request_file(
            actor=tenant_a.actor("primary"), full_name=EVIL, email="e@x.test", level=Level.BASIC
        )
    assert refused.value.message_dict == {"full_name": [MESSAGE]}
    assert not StaffRequest.objects.filter(email="e@x.test").exists()


def test_company_details_refuse_an_override_at_the_field(tenant_a, login):
    response = login(tenant_a.members["primary"]).post(
        "/portal/company/info/",
        {
            "legal_name": "Alpha \u202eSA",
            "country": "PL",
            "address": "Main 1\nClick http://x",
            "city": "Gdańsk",
            "postcode": "80-001",
        },
        HTTP_HX_REQUEST="true",
    )
    errors = response.context["info_form"].errors
    assert errors["legal_name"] == [MESSAGE] and errors["address"] == [MESSAGE]
    assert CompanyDetails.objects.get(organization=tenant_a.organization).legal_name == ""


@pytest.mark.parametrize(
    ("form_class", "field", "kwargs"),
    [
        (StaffRequestForm, "full_name", "actor"),
        (EmployeeForm, "full_name", "levels"),
        (EmployeeForm, "job_title", "levels"),
        (VendorAddEmployeeForm, "full_name", None),
        (PersonalInfoForm, "full_name", "user"),
        (PersonalInfoForm, "job_title", "user"),
        (ForumCredentialForm, "username", None),
    ],
)
def test_every_plain_form_checks_its_one_line_fields(tenant_a, form_class, field, kwargs):
    extra = {
        "actor": {"actor": tenant_a.actor("primary")},
        "levels": {"levels": list(Level)},
        "user": {"user": tenant_a.members["sales"].user},
        None: {},
    }[kwargs]
    form = form_class({field: EVIL}, **extra)
    form.is_valid()
    assert form.errors[field] == [MESSAGE]
