"""Forms of the reseller program. The tax id rule (valid for the country, normalized) and the
one-line rules live in the models' clean(), which the services run; these forms check types
(email, international phone, country) and give every field its limit and label."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from phonenumber_field.formfields import PhoneNumberField

from portal.core.form_widgets import FastSelect
from portal.core.validators import normalize_tax_id, validate_plain_text, validate_single_line

from .models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, TERMS_MAX_LENGTH, AccountRequest

PHONE_ERROR = _("Enter the number in international format, e.g. +48 22 123 45 67.")
PHONE_HELP = _("International format, e.g. +48 22 123 45 67")
PHONE_MAX_LENGTH = 64


def _line(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_single_line],
        **kwargs,
    )


def _phone(required=True):
    return PhoneNumberField(
        label=_("Phone"),
        required=required,
        max_length=PHONE_MAX_LENGTH,
        help_text=PHONE_HELP,
        error_messages={"invalid": PHONE_ERROR},
    )


def _country(required=True):
    return LazyTypedChoiceField(
        label=_("Country"),
        choices=[("", "---------"), *countries],
        required=required,
        widget=FastSelect,
    )


class CompanyForm(forms.Form):
    """All of a company's data at once (PROG-4: nothing may be left out)."""

    company_name = _line(_("Company name"), 200)
    tax_id = _line(
        _("Tax id"), 32, help_text=_("Checked for the chosen country, e.g. a Polish NIP.")
    )
    country = _country()
    address = _line(_("Address"), 200)
    city = _line(_("City"), 100)
    postcode = _line(_("Postcode"), 20)
    contact_name = _line(_("Contact person"), 150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = _phone()

    def clean(self):
        data = super().clean()
        # The tax id is checked here too, so its message sits at the field with the rest.
        if data.get("tax_id") and data.get("country"):
            try:
                data["tax_id"] = normalize_tax_id(str(data["country"]), data["tax_id"])
            except forms.ValidationError as error:
                self.add_error("tax_id", error)
        return data


class HoneypotMixin(forms.Form):
    """A field people never see (the `hidden` attribute) and robots fill in."""

    fax_number = forms.CharField(required=False, max_length=10_000, label=_("Leave this empty"))

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("fax_number"))


class ApplicationForm(HoneypotMixin, CompanyForm):
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = [
        "company_name",
        "tax_id",
        "country",
        "address",
        "city",
        "postcode",
        "contact_name",
        "email",
        "phone",
        "website",
        "message",
    ]


class RegistrationForm(HoneypotMixin, CompanyForm):
    pass


class LeadForm(CompanyForm):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        validators=[validate_plain_text],
        error_messages={"required": _("Give a reason.")},
    )


class AcceptApplicationForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Place the reseller under"),
        queryset=None,
        required=False,
        empty_label=_("Directly under the vendor"),
    )

    def __init__(self, *args, distributors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = distributors


class QueueForm(forms.Form):
    """A console queue's tab (`?show=`), read through a form like every query parameter."""

    PENDING, DECIDED = "pending", "decided"
    show = forms.ChoiceField(
        required=False, choices=[(PENDING, _("Pending")), (DECIDED, _("Decided"))]
    )


class TermsForm(forms.Form):
    text = forms.CharField(
        label=_("Terms"),
        max_length=TERMS_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class ChangeRequestForm(forms.Form):
    """Only what is typed is asked for; empty fields stay as they are."""

    name = _line(_("Company name"), 200, required=False)
    tax_id = _line(_("Tax id"), 32, required=False)
    country = _country(required=False)
    address = _line(_("Address"), 200, required=False)
    city = _line(_("City"), 100, required=False)
    postcode = _line(_("Postcode"), 20, required=False)
    phone = _phone(required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    description = forms.CharField(
        label=_("Note for the vendor"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, account_country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_country = account_country

    def clean(self):
        data = super().clean()
        tax_id = data.get("tax_id")
        if tax_id:
            country = str(data.get("country") or self.account_country or "")
            try:
                data["tax_id"] = normalize_tax_id(country, tax_id)
            except forms.ValidationError as error:
                self.add_error("tax_id", error)
        return data

    def changes(self) -> dict:
        return {
            name: str(self.cleaned_data[name])
            for name in AccountRequest.CHANGEABLE_FIELDS
            if self.cleaned_data.get(name)
        }


class ServiceRequestForm(forms.Form):
    description = forms.CharField(
        label=_("What the client needs"),
        help_text=_("More services, another shop to integrate…"),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
