"""Entry points shared by the three parts of the site: home dispatch, organization switch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.audit.selectors import audit_events_for
from portal.team.selectors import should_name_second_primary
from portal.tenancy.middleware import SESSION_MEMBERSHIP_KEY
from portal.tenancy.models import OrganizationKind
from portal.tenancy.selectors import customers_of, employees_of

REALM_HOME = {"partner": "portal:home", "vendor": "console:home", "customer": "storefront:home"}


def home(request):
    """Each person lands in the part of the site of their active membership."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if request.actor is None:
        return redirect("admin:index")
    return redirect(REALM_HOME[request.actor.realm])


@login_required
@require_POST
def switch_membership(request):
    wanted = request.POST.get("membership", "")
    membership = next((m for m in request.memberships if str(m.pk) == wanted), None)
    if membership is None:
        messages.error(request, _("You are not a member of that organization."))
    else:
        request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
        messages.success(
            request, _("You are now working in %(org)s.") % {"org": membership.organization.name}
        )
    return redirect("home")


@permission_required("portal.home")
def partner_home(request):
    actor = request.actor
    organization = actor.organization
    employees = employees_of(actor)
    context = {
        "organization": organization,
        "employee_count": employees.with_status("active").count(),
        "single_primary": should_name_second_primary(actor),
        "customer_count": customers_of(actor).count() if can(actor, "customers.view") else None,
        "reseller_count": (
            organization.children.filter(kind=OrganizationKind.RESELLER).count()
            if organization.kind == OrganizationKind.DISTRIBUTOR
            else None
        ),
        "recent_events": (
            audit_events_for(actor)[:8] if can(actor, "audit.view_company") else None
        ),
    }
    return render(request, "core/partner_home.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
