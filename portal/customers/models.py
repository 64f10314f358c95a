"""What the customers area keeps about a customer organization (CUST-1, CUST-2).

The customer itself is a `tenancy.Organization` of kind "customer" under its reseller; its contact
details are the team area's `CompanyDetails`. Here lives only what My Customers adds: the monthly
run rate the grid and its statistics read until the orders area brings subscriptions (SHOP-5).
Active / inactive is `Organization.is_active`.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet

MONEY_PLACES = Decimal("0.01")


class CustomerAccount(TimeStampedModel):
    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="customer_account",
    )
    # Recurring amounts normalised to one month (SHOP-5), in the reseller's currency.
    monthly_run_rate = models.DecimalField(
        _("monthly run rate"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "organization"

    class Meta:
        verbose_name = _("customer account")
        verbose_name_plural = _("customer accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_run_rate__gte=0), name="customer_run_rate_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"customer account {self.organization_id}"
