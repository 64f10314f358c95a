from django.db.models import Q, QuerySet

from portal.access.policies import can
from portal.tenancy.actor import Actor
from portal.tenancy.models import Level, Membership
from portal.tenancy.selectors import employees_of

from .models import StaffRequest

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


def active_primaries(actor: Actor) -> QuerySet[Membership]:
    return employees_of(actor).filter(role=Level.PRIMARY, is_active=True)


def should_name_second_primary(actor: Actor) -> bool:
    """ACC-3: a company with one Primary is advised to name another, shown to whoever can ask."""
    return can(actor, "staff.request", Level.PRIMARY) and active_primaries(actor).count() == 1


def staff_requests_of(actor: Actor) -> QuerySet[StaffRequest]:
    return StaffRequest.objects.filter(organization=actor.organization).select_related(
        "requested_by", "decided_by"
    )
