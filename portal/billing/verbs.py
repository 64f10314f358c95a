from django.db import models
from django.utils.translation import gettext_lazy as _


class BillingVerb(models.TextChoices):
    INVOICE_ISSUED = "invoice.issued", _("Invoice issued")
    PAYMENT_RECORDED = "payment.recorded", _("Payment recorded")
    BILLING_RUN = "billing.run", _("Billing run started by hand")


VERBS = BillingVerb
