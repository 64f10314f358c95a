"""The activity log's search box, read through a form: a hostile value (a NUL byte, 10,000
characters) is a form error and an unfiltered list, never a database error."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EventSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
