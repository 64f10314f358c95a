"""Forms of the orders area: placing an order (a product/quantity formset), the approval switch,
markups, subscription actions, and the console's product form."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import Organization

from .models import AssetKind, BillingPeriod, Currency, Product, SubscriptionStatus
from .money import MAX_MARKUP_PERCENT
from .services import MAX_QUANTITY


class OrderLineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, min_value=1, max_value=MAX_QUANTITY
    )

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        if products is not None:
            self.fields["product"].queryset = products

    def clean(self):
        data = super().clean()
        if data.get("product") and not data.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Enter a quantity above zero."))
        if data.get("quantity") and not data.get("product"):
            self.add_error("product", _("Choose a product."))
        return data


class BaseOrderLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("product") for form in self.forms):
            raise forms.ValidationError(_("Add at least one product."))

    def lines(self):
        return [
            (form.cleaned_data["product"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data.get("product")
        ]


OrderLineFormSet = forms.formset_factory(
    OrderLineForm, formset=BaseOrderLineFormSet, extra=3, max_num=10, validate_max=True
)


class ApprovalForm(forms.Form):
    required = forms.BooleanField(label=_("Order approval required"), required=False)


class MarkupForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.filter(is_active=True),
        required=False,
        empty_label=_("All products (overall markup)"),
    )
    percent = forms.DecimalField(
        label=_("Markup (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_MARKUP_PERCENT,
        max_digits=7,
        decimal_places=2,
        help_text=_("Leave empty to remove the markup."),
    )


class SubscriptionActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("suspend", _("Suspend")), ("resume", _("Resume")), ("cancel", _("Cancel"))]
    )


class OrderStatusChoice(forms.Form):
    pass


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sku = forms.CharField(label=_("SKU"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=Product.Kind.choices)
    billing_period = forms.TypedChoiceField(
        label=_("Billing period"),
        choices=[("", _("— (one-time)"))] + list(BillingPeriod.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    asset_kind = forms.ChoiceField(
        label=_("Asset kind (one-time products)"), choices=AssetKind.choices
    )
    auto_provisioned = forms.BooleanField(label=_("Auto-provisioned"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tier in Organization.Tier:
            self.fields[f"cost_{tier.value}"] = forms.DecimalField(
                label=_("Cost for %(tier)s partners") % {"tier": tier.label},
                required=False,
                min_value=Decimal("0"),
                max_digits=14,
                decimal_places=2,
                help_text=_("Empty: not sold to this tier."),
            )

    def tier_fields(self):
        return [self[f"cost_{tier.value}"] for tier in Organization.Tier]

    def main_fields(self):
        return [
            self[name]
            for name in (
                "name",
                "sku",
                "kind",
                "billing_period",
                "asset_kind",
                "currency",
                "auto_provisioned",
                "is_active",
            )
        ]

    def prices(self):
        return {tier.value: self.cleaned_data[f"cost_{tier.value}"] for tier in Organization.Tier}

    @classmethod
    def initial_for(cls, product):
        initial = {
            "name": product.name,
            "sku": product.sku,
            "kind": product.kind,
            "billing_period": product.billing_period,
            "asset_kind": product.asset_kind,
            "auto_provisioned": product.auto_provisioned,
            "currency": product.currency,
            "is_active": product.is_active,
        }
        for price in product.prices.all():
            initial[f"cost_{price.tier}"] = price.cost
        return initial


SUBSCRIPTION_STATUSES = SubscriptionStatus
