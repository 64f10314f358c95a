"""The entrance: where each person lands, switching organizations, and the partner home, whose
figures and panels are the widgets the areas registered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.navigation import rendered_widgets
from portal.tenancy.middleware import SESSION_MEMBERSHIP_KEY

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
    widgets = rendered_widgets(request)
    return render(
        request,
        "dashboard/partner_home.html",
        {"organization": request.actor.organization, "widgets": widgets},
    )
