"""The activity log's filters, read through a form: a hostile value (a NUL byte, 10,000
characters, a malformed cursor) is a form error and an unfiltered list, never a database error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.form_widgets import FastSelect

from .verbs import labels_in_active_language


def _verb_choices():
    labels = labels_in_active_language()
    return [("", _("Any action"))] + sorted(labels.items(), key=lambda choice: choice[1])


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Record"), required=False, max_length=200)
    who = forms.EmailField(label=_("Person (email)"), required=False, max_length=254)
    verb = forms.ChoiceField(
        label=_("Action"), required=False, choices=_verb_choices, widget=FastSelect
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Where the page starts: "<microseconds since the epoch>-<id>" of the last row seen.
    cursor = forms.RegexField(regex=r"^\d{1,20}-\d{1,20}$", required=False, max_length=42)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
