from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.access.policies import Feature, assignable_levels
from portal.core.form_widgets import FastSelect
from portal.core.validators import validate_plain_text, validate_single_line
from portal.tenancy.models import Level

from .models import REJECTION_REASON_MAX_LENGTH, BillingSettings, CompanyDetails

PHONE_ERROR = _("Enter the number in international format, e.g. +48 22 123 45 67.")
LEVEL_ERROR = _("This level is not available to you.")
PHONE_MAX_LENGTH = 64  # as typed, with spaces and an extension


class StaffRequestForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    level = forms.ChoiceField(label=_("Level"), error_messages={"invalid_choice": LEVEL_ERROR})

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the levels this member may request are offered (a crafted POST is refused).
        self.fields["level"].choices = [(lv.value, lv.label) for lv in assignable_levels(actor)]
        self.fields["level"].initial = Level.BASIC


class StaffRequestQueueForm(forms.Form):
    """The console queue's tab (`?show=`), read through a form like every query parameter."""

    PENDING, DECIDED = "pending", "decided"
    show = forms.ChoiceField(
        required=False, choices=[(PENDING, _("Pending")), (DECIDED, _("Decided"))]
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REJECTION_REASON_MAX_LENGTH,
        validators=[validate_plain_text],
        error_messages={"required": _("Tell the requester why.")},
    )


class EmployeeForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, validators=[validate_single_line]
    )
    job_title = forms.CharField(
        label=_("Job title"), max_length=120, required=False, validators=[validate_single_line]
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
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
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.BASIC)
    # Asked only when the person already works for another partner (shown by `ask_to_confirm`).
    confirm_other_partner = forms.BooleanField(
        label=_("Yes, add this person although they work for another partner"),
        required=False,
        widget=forms.HiddenInput,
    )

    def ask_to_confirm(self) -> None:
        self.fields["confirm_other_partner"].widget = forms.CheckboxInput()


class CandidateSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)


class ManagerTransferForm(forms.Form):
    """The new company manager, picked from a server-side search (a partner may have thousands
    of employees: the page never lists them all)."""

    to = forms.ModelChoiceField(
        label=_("New company manager"),
        queryset=None,
        error_messages={
            "invalid_choice": _(
                "Choose an active employee of this company whose account is activated."
            ),
            "required": _("Search for the employee and choose them."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = candidates


class CompanyInfoForm(forms.ModelForm):
    """The tax id rule (validated and normalised for the country) lives in the model's clean(),
    which the ModelForm runs: the page shows it at the field, services and the API apply it too."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=CompanyDetails._meta.get_field("website").max_length,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What invoices and contracts need cannot be emptied (blank is allowed in the model only
        # because customers and leads are created with less).
        # The tax id too: invoices need it (issue 10).
        for name in ("legal_name", "tax_id", "country", "address", "city", "postcode"):
            self.fields[name].required = True
        self.fields["phone"].error_messages["invalid"] = PHONE_ERROR

    class Meta:
        model = CompanyDetails
        fields = list(CompanyDetails.EDITABLE_FIELDS)
        widgets = {"country": FastSelect}
        help_texts = {"phone": _("International format, e.g. +48 22 123 45 67")}


class CompanyBillingForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["billing_email"].required = True

    class Meta:
        model = BillingSettings
        fields = list(BillingSettings.EDITABLE_FIELDS)
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 3})}


class PaymentMethodForm(forms.Form):
    """The payment method a distributor (or the vendor) sets for a partner (seed 004)."""

    payment_method = forms.ChoiceField(
        label=_("Payment method"), choices=BillingSettings.PaymentMethod.choices
    )
    # set from a distributor's list of resellers on the console: go back there
    from_parent = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ResellerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class PartnerPageSearchForm(forms.Form):
    """The partner page's two searches: its employees and its resellers or customers."""

    staff = forms.CharField(label=_("Search employees"), required=False, max_length=200)
    q = forms.CharField(required=False, max_length=200)


class ResendActivationForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)
