from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.access.policies import Feature, requestable_levels
from portal.core.validators import normalize_tax_id
from portal.tenancy.models import COMPANY_BILLING_FIELDS, COMPANY_INFO_FIELDS, Level, Organization

PHONE_ERROR = _("Enter the number in international format, e.g. +48 22 123 45 67.")
LEVEL_ERROR = _("This level is not available to you.")


def apply_domain_error(form: forms.Form, error) -> None:
    """Show a service's DomainError at its field (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class StaffRequestForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    level = forms.ChoiceField(label=_("Level"), error_messages={"invalid_choice": LEVEL_ERROR})

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the levels this member may request are offered (a crafted POST is refused).
        self.fields["level"].choices = [
            (lv.value, lv.label) for lv in requestable_levels(actor.membership.level)
        ]
        self.fields["level"].initial = Level.BASIC


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EmployeeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        help_text=_("International format, e.g. +48 22 123 45 67"),
        error_messages={"invalid": PHONE_ERROR},
    )
    level = forms.ChoiceField(label=_("Level"), error_messages={"invalid_choice": LEVEL_ERROR})
    features = forms.MultipleChoiceField(
        label=_("Feature access"),
        choices=Feature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.value, lv.label) for lv in levels]


class VendorAddEmployeeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.BASIC)


class ManagerTransferForm(forms.Form):
    to = forms.ModelChoiceField(label=_("New company manager"), queryset=None)

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = partner.memberships.filter(
            is_active=True, is_company_manager=False, user__activated_at__isnull=False
        ).select_related("user", "organization")
        self.fields["to"].label_from_instance = lambda m: (
            f"{m.user.full_name} <{m.user.email}> — {m.get_role_display()}"
        )


class CompanyInfoForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What invoices and contracts need cannot be emptied (blank is allowed in the model only
        # because customers and leads are created with less).
        for name in ("legal_name", "country", "address", "city", "postcode"):
            self.fields[name].required = True
        self.fields["phone"].error_messages["invalid"] = PHONE_ERROR

    class Meta:
        model = Organization
        fields = list(COMPANY_INFO_FIELDS)
        help_texts = {"phone": _("International format, e.g. +48 22 123 45 67")}

    def clean(self):
        cleaned = super().clean()
        country, tax_id = cleaned.get("country"), cleaned.get("tax_id")
        if tax_id:
            try:
                cleaned["tax_id"] = normalize_tax_id(str(country or ""), tax_id)
            except forms.ValidationError as error:
                self.add_error("tax_id", error)
        return cleaned


class CompanyBillingForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("billing_email", "payment_method"):
            self.fields[name].required = True

    class Meta:
        model = Organization
        fields = list(COMPANY_BILLING_FIELDS)
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 3})}


class ResendActivationForm(forms.Form):
    email = forms.EmailField(label=_("Your email"))
