from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamVerb(models.TextChoices):
    ORGANIZATION_CREATED = "organization.created", _("Organization created")
    MEMBERSHIP_CREATED = "membership.created", _("Employee added")
    MEMBERSHIP_DEACTIVATED = "membership.deactivated", _("Employee deactivated")
    MEMBERSHIP_REACTIVATED = "membership.reactivated", _("Employee reactivated")
    EMPLOYEE_UPDATED = "employee.updated", _("Employee level or access changed")
    COMPANY_MANAGER_TRANSFERRED = "company_manager.transferred", _("Company manager changed")
    STAFF_REQUEST_FILED = "staff_request.filed", _("Staff request filed")
    STAFF_REQUEST_APPROVED = "staff_request.approved", _("Staff request approved")
    STAFF_REQUEST_REJECTED = "staff_request.rejected", _("Staff request rejected")
    STAFF_REQUEST_WITHDRAWN = "staff_request.withdrawn", _("Staff request withdrawn")
    ADDED_FROM_OTHER_PARTNER = (
        "employee.added_from_other_partner",
        _("Person of another partner added (confirmed)"),
    )
    INVITATION_SENT = "invitation.sent", _("Invitation to an existing login sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_DECLINED = "invitation.declined", _("Invitation declined")
    ACTIVATION_SENT = "activation.sent", _("Activation email sent")
    ACTIVATION_COMPLETED = "activation.completed", _("Account activated")
    COMPANY_INFO_UPDATED = "company.info_updated", _("Company information changed")
    COMPANY_BILLING_UPDATED = "company.billing_updated", _("Billing & contacts changed")
    PAYMENT_METHOD_SET = "company.payment_method_set", _("Payment method set")


VERBS = TeamVerb
