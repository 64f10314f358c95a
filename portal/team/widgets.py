"""The team area's panels on the partner home and the vendor overview."""

from django.utils import timezone

from portal.access.registry import Widget
from portal.tenancy.models import OrganizationKind
from portal.tenancy.selectors import employees_of, organizations_visible_to

from .models import StaffRequest
from .selectors import (
    active_partner_staff_count,
    company_counts,
    should_name_second_primary,
    staff_request_queue,
)


def _second_primary(actor) -> dict:
    return {"show": should_name_second_primary(actor)}


def _employees(actor) -> dict:
    return {"count": employees_of(actor).with_status("active").count()}


def _resellers(actor) -> dict:
    if actor.organization.kind != OrganizationKind.DISTRIBUTOR:
        return {"count": None}
    return {
        "count": organizations_visible_to(actor)
        .filter(kind=OrganizationKind.RESELLER, parent=actor.organization)
        .count()
    }


def _channel(actor) -> dict:
    return {
        "counts": company_counts(actor=actor),
        "partner_staff": active_partner_staff_count(actor=actor),
    }


def _staff_requests(actor) -> dict:
    pending = staff_request_queue(actor=actor).filter(status=StaffRequest.Status.PENDING)
    return {
        "pending": pending.count(),
        "overdue": pending.filter(due_date__lt=timezone.localdate()).count(),
    }


WIDGETS = [
    Widget(
        "partner",
        "staff.request",
        "team/widgets/_second_primary.html",
        _second_primary,
        10,
        "alert",
    ),
    Widget("partner", "company.view", "team/widgets/_employees.html", _employees, 20, "stat"),
    Widget("partner", "company.view", "team/widgets/_resellers.html", _resellers, 40, "stat"),
    Widget("vendor", "console.home", "team/widgets/_channel.html", _channel, 10),
    Widget(
        "vendor",
        "console.staff_requests.decide",
        "team/widgets/_staff_requests.html",
        _staff_requests,
        20,
    ),
]
