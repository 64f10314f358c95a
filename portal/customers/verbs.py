from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerVerb(models.TextChoices):
    CUSTOMER_CREATED = "customer.created", _("Customer created")
    CUSTOMER_UPDATED = "customer.updated", _("Customer details changed")
    CUSTOMER_DEACTIVATED = "customer.deactivated", _("Customer deactivated")
    CUSTOMER_REACTIVATED = "customer.reactivated", _("Customer reactivated")
    CUSTOMERS_EXPORTED = "customer.exported", _("Customer list exported")
    STOREFRONT_USER_ADDED = "storefront_user.added", _("Storefront user added")
    STOREFRONT_USER_INVITED = "storefront_user.invited", _("Storefront user invited")
    STOREFRONT_ACTIVATION_SENT = (
        "storefront_user.activation_sent",
        _("Storefront activation link sent"),
    )
    STOREFRONT_PASSWORD_RESET_SENT = (
        "storefront_user.password_reset_sent",
        _("Storefront password reset sent"),
    )
    STOREFRONT_USER_DEACTIVATED = "storefront_user.deactivated", _("Storefront user deactivated")
    STOREFRONT_USER_ACTIVATED = "storefront_user.activated", _("Storefront user activated")


VERBS = CustomerVerb
# an export reads the list; it changes nothing another page shows
TRAIL_ONLY = (CustomerVerb.CUSTOMERS_EXPORTED,)
