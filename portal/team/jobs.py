"""The team area's periodic jobs (portal/core/periodic.py runs them once per slot)."""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.core.periodic import periodic_job
from portal.mail.services import email_queue_template
from portal.tenancy.models import Membership, OrganizationKind, VendorRole

from .models import StaffRequest

REMINDED_ROLES = (VendorRole.ADMIN, VendorRole.PARTNER_MANAGER)


@periodic_job("team.staff_requests_overdue", every="daily")
def staff_requests_overdue_remind(*, now: datetime) -> int:
    """Email the vendor's admins and partner managers the pending staff requests past their due
    date (AUTH-2: decided within 5 business days); nothing when none are. Returns emails queued."""
    overdue = list(
        StaffRequest.objects.filter(
            status=StaffRequest.Status.PENDING, due_date__lt=timezone.localdate(now)
        )
        .select_related("organization")
        .order_by("due_date", "created_at")
    )
    if not overdue:
        return 0
    recipients = {
        membership.user.email: membership.user
        for membership in Membership.objects.active()
        .filter(
            organization__kind=OrganizationKind.VENDOR,
            role__in=REMINDED_ROLES,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    }
    link = settings.PORTAL_BASE_URL + reverse("console:staff_requests")
    for user in recipients.values():
        email_queue_template(
            to=user.email,
            template="team/email/staff_requests_overdue",
            context={"recipient": user, "requests": overdue, "link": link},
            language=user.language,
        )
    return len(recipients)
