"""Company page, employees and the company's activity log (COMP-1, COMP-2, PLAT-3)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import Feature, allowed_features, can, require
from portal.audit.selectors import audit_events_for
from portal.core.exceptions import DomainError
from portal.core.pagination import paginate
from portal.tenancy import services as tenancy_services
from portal.tenancy.models import Level
from portal.tenancy.selectors import employees_of, get_for_actor

from .selectors import employee_list


@permission_required("company.view")
def company(request):
    actor = request.actor
    primaries = employees_of(actor).filter(role=Level.PRIMARY, is_active=True)
    return render(
        request,
        "team/company.html",
        {
            "organization": actor.organization,
            "full_view": can(actor, "company.view_full"),
            "primaries": primaries,
            "single_primary": len(primaries) == 1,
        },
    )


@permission_required("employees.view")
def employees(request):
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    page = paginate(request, employee_list(actor=request.actor, status=status, search=search))
    template = "team/partials/_employee_rows.html" if request.htmx else "team/employee_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "search": search,
            "features": list(Feature),
            "status_tabs": [
                ("", _("All")),
                ("active", _("Active")),
                ("inactive", _("Inactive")),
                ("not_activated", _("Not activated")),
            ],
        },
    )


@permission_required("employees.view")
def employee_detail(request, membership_id: int):
    employee = get_for_actor(employees_of(request.actor), membership_id)
    level = employee.level
    return render(
        request,
        "team/employee_detail.html",
        {
            "employee": employee,
            "may_manage": can(request.actor, "employees.manage", employee),
            "feature_rows": [
                {
                    "feature": f,
                    "allowed": f in allowed_features(level),
                    "granted": f.value in employee.features
                    or level == Level.PRIMARY
                    or employee.is_company_manager,
                }
                for f in Feature
            ],
        },
    )


@require_POST
@permission_required("employees.view")
def employee_set_active(request, membership_id: int):
    employee = get_for_actor(employees_of(request.actor), membership_id)
    require(request.actor, "employees.manage", employee)
    activate = request.POST.get("active") == "1"
    service = (
        tenancy_services.membership_reactivate
        if activate
        else tenancy_services.membership_deactivate
    )
    try:
        service(actor=request.actor, membership=employee)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _activation_message(employee, activate))
    return redirect("team:employee", membership_id=employee.pk)


def _activation_message(employee, activate: bool) -> str:
    if activate:
        return _("%(name)s is active again and can log in.") % {"name": employee.user.full_name}
    return _("%(name)s is deactivated: their sessions ended and they can no longer log in.") % {
        "name": employee.user.full_name
    }


@permission_required("audit.view_company")
def activity(request):
    search = request.GET.get("q", "").strip()
    page = paginate(request, audit_events_for(request.actor, search=search), per_page=50)
    return render(request, "audit/event_list.html", {"page": page, "search": search})
