from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramVerb(models.TextChoices):
    APPLICATION_SUBMITTED = "application.submitted", _("Reseller application received")
    APPLICATION_ACCEPTED = "application.accepted", _("Reseller application accepted")
    APPLICATION_REJECTED = "application.rejected", _("Reseller application rejected")
    TERMS_PUBLISHED = "terms.published", _("Program terms published")
    TERMS_ACCEPTED = "terms.accepted", _("Program terms accepted")
    LINK_CREATED = "registration_link.created", _("Client registration link created")
    LINK_ROTATED = "registration_link.rotated", _("Client registration link replaced")
    LEAD_REGISTERED = "lead.registered", _("Lead registered")
    LEAD_UPDATED = "lead.updated", _("Lead changed")
    LEAD_CONVERTED = "lead.converted", _("Lead converted into an account")
    LEAD_REJECTED = "lead.rejected", _("Lead rejected")
    REQUEST_FILED = "account_request.filed", _("Change or service request filed")
    REQUEST_APPLIED = "account_request.applied", _("Change or service request applied")
    REQUEST_DECLINED = "account_request.declined", _("Change or service request declined")


VERBS = ProgramVerb
