"""The reseller program's panels on the partner home and the vendor overview."""

from django.db.models import Count, Q
from django.utils import timezone

from portal.access.registry import Widget

from .models import AccountRequest, Lead
from .selectors import (
    application_queue,
    lead_list,
    lead_queue,
    request_queue,
)


def _leads(actor) -> dict:
    counts = lead_list(actor=actor).aggregate(
        open=Count("pk", filter=Q(status=Lead.Status.LEAD)),
        converted=Count("pk", filter=Q(status=Lead.Status.CONVERTED)),
    )
    pending_requests = (
        request_queue(actor=actor)
        .filter(organization=actor.organization, status=AccountRequest.Status.PENDING)
        .count()
    )
    return {**counts, "pending_requests": pending_requests}


def _vendor_program(actor) -> dict:
    applications = application_queue(actor=actor).aggregate(
        pending=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate())),
    )
    return {
        "applications": applications,
        "leads": lead_queue(actor=actor).filter(status=Lead.Status.LEAD).count(),
        "requests": request_queue(actor=actor).filter(status=AccountRequest.Status.PENDING).count(),
    }


WIDGETS = [
    Widget("partner", "leads.manage", "programs/widgets/_leads.html", _leads, 25, "stat"),
    Widget("partner", "leads.manage", "programs/widgets/_next_steps.html", _leads, 60, "panel"),
    Widget(
        "vendor",
        "console.applications.decide",
        "programs/widgets/_vendor_program.html",
        _vendor_program,
        25,
    ),
]
