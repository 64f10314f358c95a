"""The forms of My profile; each is posted and saved on its own (PROF-1, PROF-2, issue 8).

The forms only validate input; the services in services.py save it.
"""

from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from portal.accounts.models import User
from portal.core.form_widgets import FastSelect
from portal.core.validators import validate_single_line

from .models import FORUM_PASSWORD_MAX_LENGTH

PHONE_INVALID = _(
    "Enter the number in international format: a + and the country code, e.g. +48 22 123 45 67."
)


# Regions of the zone database, the partners' own first; legacy aliases ("US/Eastern", "Poland",
# "Etc/GMT+1") are left out.
TIME_ZONE_REGIONS = (
    ("Europe", _("Europe")),
    ("America", _("America")),
    ("Asia", _("Asia")),
    ("Africa", _("Africa")),
    ("Australia", _("Australia")),
    ("Pacific", _("Pacific")),
    ("Atlantic", _("Atlantic")),
    ("Indian", _("Indian Ocean")),
    ("Antarctica", _("Antarctica")),
)


@cache  # available_timezones() reads the zone database from disk (~30 ms) on every call
def time_zone_choices() -> list:
    """UTC, then the zones grouped by region: "Europe" → "Warsaw", "America" → "Argentina /
    Buenos Aires"."""
    zones = available_timezones()
    grouped = [("UTC", "UTC")]
    for region, label in TIME_ZONE_REGIONS:
        names = sorted(name for name in zones if name.startswith(region + "/"))
        grouped.append(
            (
                label,
                [
                    (name, name.split("/", 1)[1].replace("_", " ").replace("/", " / "))
                    for name in names
                ],
            )
        )
    return grouped


class InternationalPhoneInput(RegionalPhoneNumberWidget):
    """Shows a stored number as "+48 22 123 45 67" rather than E.164; typed text is kept as is."""

    def format_value(self, value):
        if isinstance(value, PhoneNumber) and value.is_valid():
            return value.as_international
        return super().format_value(value)


class PersonalInfoForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=120,
        validators=[validate_single_line],
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        max_length=64,  # as typed, with spaces and an extension
        widget=InternationalPhoneInput(attrs={"autocomplete": "tel"}),
        error_messages={"invalid": PHONE_INVALID},
        help_text=_("International format, e.g. +48 22 123 45 67."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=User._meta.get_field("language").choices
    )
    date_format = forms.ChoiceField(label=_("Date format"), choices=User.DateFormat.choices)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, widget=FastSelect
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {name: getattr(user, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


class PreferencesForm(forms.Form):
    newsletter = forms.BooleanField(
        label=_("Newsletter"),
        required=False,
        help_text=_("News about the vendor's products and the partner program."),
    )
    update_notices = forms.BooleanField(
        label=_("Software update notices"),
        required=False,
        help_text=_("An email when a new version of a product you sell is released."),
    )
    case_emails = forms.BooleanField(
        label=_("Support case emails"),
        required=False,
        help_text=_("An email when a support case you follow is answered or changes status."),
    )

    def __init__(self, *args, user: User, offer_newsletter: bool = True, **kwargs):
        kwargs.setdefault("initial", {name: getattr(user, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        if not offer_newsletter:  # a level the newsletter is not sent to (SPEC §3)
            del self.fields["newsletter"]


class ForumCredentialForm(forms.Form):
    username = forms.CharField(
        label=_("Forum user name"),
        max_length=150,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Never rendered back (render_value=False): left empty, the stored password is kept.
    password = forms.CharField(
        label=_("Forum password"),
        required=False,
        max_length=FORUM_PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )

    def __init__(self, *args, credential=None, **kwargs):
        if credential is not None:
            kwargs.setdefault("initial", {"username": credential.username})
        super().__init__(*args, **kwargs)
        self.has_stored_password = credential is not None
        if self.has_stored_password:
            self.fields["password"].help_text = _(
                "A password is stored. Leave this empty to keep it, or type a new one."
            )
        else:
            self.fields["password"].required = True


class EmailChangeForm(forms.Form):
    """A new login email: proven by a link sent to it, asked for with the current password."""

    new_email = forms.EmailField(
        label=_("New login email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_email_%s")  # the forum form on the page has a password
        super().__init__(*args, **kwargs)
