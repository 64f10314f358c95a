from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from phonenumber_field.formfields import PhoneNumberField

from portal.accounts.models import User
from portal.core.form_widgets import FastSelect
from portal.core.validators import validate_single_line
from portal.tenancy.models import CustomerRole

PHONE_ERROR = _("Enter the number in international format, e.g. +48 22 123 45 67.")
PHONE_MAX_LENGTH = 64  # as typed, with spaces
# Countries whose addresses need a state or province (no installed library names the
# subdivisions of every country; these are the ones where a postal address is incomplete
# without it).
STATE_REQUIRED_COUNTRIES = frozenset({"US", "CA", "AU", "BR", "MX", "IN"})
STATE_ERROR = _("Enter the state or province: addresses in this country need it.")


def _text(label, max_length, **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, validators=[validate_single_line], **kwargs
    )


class CustomerForm(forms.Form):
    """New customer and the record's details (CUST-3, CUST-4): all mandatory but the state,
    which countries of STATE_REQUIRED_COUNTRIES require."""

    name = _text(_("Company name"), 200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    address = _text(_("Address"), 200)
    city = _text(_("City"), 100)
    country = LazyTypedChoiceField(label=_("Country"), choices=countries, widget=FastSelect)
    state = _text(
        _("State / province"),
        100,
        required=False,
        help_text=_("Required for the United States, Canada, Australia, Brazil, Mexico and India."),
    )
    postcode = _text(_("Postcode"), 20)
    phone = PhoneNumberField(
        label=_("Phone"),
        max_length=PHONE_MAX_LENGTH,
        error_messages={"invalid": PHONE_ERROR},
        help_text=_("International format, e.g. +48 22 123 45 67"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]

    def clean(self):
        data = super().clean()
        country = str(data.get("country") or "")
        if country in STATE_REQUIRED_COUNTRIES and not data.get("state"):
            self.add_error("state", STATE_ERROR)
        return data


class StorefrontUserForm(forms.Form):
    """Add a storefront user (CUST-6): every field is required."""

    first_name = _text(_("First name"), 70)
    last_name = _text(_("Last name"), 79)
    email = forms.EmailField(label=_("Email"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language"), choices=User._meta.get_field("language").choices
    )
    date_format = forms.ChoiceField(label=_("Date format"), choices=User.DateFormat.choices)
    role = forms.ChoiceField(label=_("Role"), choices=CustomerRole.choices)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "Excel"), ("csv", "CSV")])
