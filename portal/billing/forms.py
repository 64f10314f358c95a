from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class BillingRunForm(forms.Form):
    day = forms.DateField(
        label=_("Billing date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
