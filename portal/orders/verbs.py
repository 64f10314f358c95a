from django.db import models
from django.utils.translation import gettext_lazy as _


class OrdersVerb(models.TextChoices):
    PRODUCT_SAVED = "product.saved", _("Catalogue product saved")
    MARKUP_SET = "markup.set", _("Markup changed")
    APPROVAL_SET = "order_approval.set", _("Order approval setting changed")
    ORDER_PLACED = "order.placed", _("Order placed")
    ORDER_ACCEPTED = "order.accepted", _("Order accepted")
    ORDER_CANCELED = "order.canceled", _("Order canceled")
    ORDER_PROVISIONED = "order.provisioned", _("Order marked provisioned")
    SUBSCRIPTION_SUSPENDED = "subscription.suspended", _("Subscription suspended")
    SUBSCRIPTION_RESUMED = "subscription.resumed", _("Subscription resumed")
    SUBSCRIPTION_CANCELED = "subscription.canceled", _("Subscription canceled")
    WORKSPACE_ENTERED = "workspace.entered", _("Distributor workspace opened")


VERBS = OrdersVerb
