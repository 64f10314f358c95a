"""Issue 8.6: every stored text has a limit that fits its use, enforced where it is typed (the
form, at the field) and where it is stored (the model's full_clean, run by every service).

A CharField always has a max_length; a TextField has none unless a MaxLengthValidator gives it
one, so every TextField of our models must carry one or be named below as system-made.
"""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from portal.audit.models import AuditEvent
from portal.core.fields import EncryptedTextField
from portal.profiles import forms as profile_forms
from portal.profiles import services as profile_services
from portal.team import forms as team_forms
from portal.team import services
from portal.team.models import BillingSettings, StaffRequest
from portal.tenancy.models import Level

# Texts the system writes, never a person: their length is the system's.
SYSTEM_MADE = {
    "mail.OutboundEmail.body_text",  # rendered from our templates
    "mail.OutboundEmail.body_html",
    "mail.OutboundEmail.last_error",  # cut to 2,000 characters by the delivery task
    "core.PeriodicRun.error",  # a job's traceback
    # folded copies of limited fields (name; email, city, phone) for the customer search:
    # folding may lengthen a text ("ß" is "ss")
    "tenancy.Organization.search_name",
    "tenancy.Organization.search_details",
}
FORM_MODULES = [team_forms, profile_forms]


def _our_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("portal."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_text_field_of_our_models_has_a_limit():
    unlimited = [
        name
        for name, field in _our_text_fields()
        if name not in SYSTEM_MADE
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert not unlimited, (
        f"give these a MaxLengthValidator (or argue them into SYSTEM_MADE): {unlimited}"
    )


def test_every_text_a_form_takes_has_a_limit():
    unlimited = []
    for module in FORM_MODULES:
        for name, form_class in vars(module).items():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            for field_name, field in form_class.base_fields.items():
                if isinstance(field, forms.CharField) and field.max_length is None:
                    unlimited.append(f"{module.__name__}.{name}.{field_name}")
    assert not unlimited, f"give these fields a max_length: {unlimited}"


def test_two_million_characters_of_billing_address_are_refused_at_the_field(tenant_a, login):
    client = login(tenant_a.members["primary"])
    before = BillingSettings.objects.get(organization=tenant_a.organization).billing_address
    response = client.post(
        "/portal/company/billing/",
        {
            "billing_address": "x" * 2_000_000,
            "billing_email": "pay@alpha.test",
            "payment_method": "deposit",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    form = response.context["billing_form"]
    assert "billing_address" in form.errors
    assert "at most 500 characters" in form.errors["billing_address"][0]
    billing = BillingSettings.objects.get(organization=tenant_a.organization)
    assert billing.billing_address == before and billing.billing_email != "pay@alpha.test"
    assert not AuditEvent.objects.filter(verb="company.billing_updated").exists()


@pytest.fixture
def pending(tenant_a):
    return services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="One", email="one@x.test", level=Level.BASIC
    )


def test_a_rejection_reason_longer_than_2000_characters_is_refused_at_the_field(
    pending, vendor_admin, login
):
    response = login(vendor_admin).post(
        f"/console/team/staff-requests/{pending.pk}/",
        {"decision": "reject", "reason": "x" * 2001},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 2000 characters" in html and '<details class="inline" open>' in html
    pending.refresh_from_db()
    assert pending.status == StaffRequest.Status.PENDING and pending.rejection_reason == ""


def test_the_model_enforces_the_rejection_reason_limit_for_every_service(pending, vendor_admin):
    from portal.demo.testing import actor_for

    with pytest.raises(ValidationError) as refused:
        services.staff_request_reject(
            actor=actor_for(vendor_admin), staff_request=pending, reason="x" * 2001
        )
    assert "rejection_reason" in refused.value.message_dict
    pending.refresh_from_db()
    assert pending.status == StaffRequest.Status.PENDING


def test_the_forum_password_limit_holds_in_the_model(tenant_a):
    field = apps.get_model("profiles", "ForumCredential")._meta.get_field("password")
    assert isinstance(field, EncryptedTextField)
    with pytest.raises(ValidationError) as refused:
        profile_services.forum_credential_save(
            actor=tenant_a.actor("sales"), username="sally", password="p" * 257
        )
    assert "password" in refused.value.message_dict
