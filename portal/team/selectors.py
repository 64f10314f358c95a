from django.db.models import Q, QuerySet

from portal.tenancy.actor import Actor
from portal.tenancy.models import Membership
from portal.tenancy.selectors import employees_of

EMPLOYEE_STATUSES = ("active", "inactive", "not_activated")


def employee_list(*, actor: Actor, status: str = "", search: str = "") -> QuerySet[Membership]:
    employees = employees_of(actor)
    if status in EMPLOYEE_STATUSES:
        employees = employees.with_status(status)
    if search:
        employees = employees.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    return employees.order_by("user__full_name", "pk")


def staff_requests_of(actor: Actor):
    from .models import StaffRequest

    return StaffRequest.objects.filter(organization=actor.organization).select_related(
        "requested_by", "decided_by"
    )
