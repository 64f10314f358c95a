"""The vendor console (SPEC §5): vendor staff's own task pages."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.audit.views import render_event_list
from portal.core.exceptions import DomainError
from portal.core.pagination import paginate
from portal.mail.models import OutboundEmail
from portal.team import services as team_services
from portal.team.forms import (
    ManagerTransferForm,
    RejectForm,
    VendorAddEmployeeForm,
    apply_domain_error,
)
from portal.team.models import StaffRequest
from portal.tenancy import services as tenancy_services
from portal.tenancy.models import PARTNER_KINDS, Membership, Organization, OrganizationKind
from portal.tenancy.selectors import get_for_actor, organizations_visible_to


@permission_required("console.home")
def home(request):
    counts = Organization.objects.aggregate(
        distributors=Count("pk", filter=Q(kind=OrganizationKind.DISTRIBUTOR)),
        resellers=Count("pk", filter=Q(kind=OrganizationKind.RESELLER)),
        customers=Count("pk", filter=Q(kind=OrganizationKind.CUSTOMER)),
    )
    counts["partner_staff"] = Membership.objects.filter(
        organization__kind__in=PARTNER_KINDS, is_active=True
    ).count()
    pending = StaffRequest.objects.filter(status=StaffRequest.Status.PENDING)
    counts["staff_requests"] = pending.count()
    counts["staff_requests_overdue"] = pending.filter(due_date__lt=timezone.localdate()).count()
    return render(request, "console/home.html", {"counts": counts})


@permission_required("console.partners.view")
def partners(request):
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    orgs = (
        organizations_visible_to(request.actor)
        .filter(kind__in=[kind] if kind in PARTNER_KINDS else PARTNER_KINDS)
        .select_related("parent")
        .annotate(
            staff=Count(
                "memberships",
                filter=Q(
                    memberships__is_active=True, memberships__user__activated_at__isnull=False
                ),
            )
        )
    )
    if search:
        orgs = orgs.filter(Q(name__icontains=search) | Q(tax_id__icontains=search))
    page = paginate(request, orgs.order_by("name", "pk"))
    return render(
        request, "console/partner_list.html", {"page": page, "search": search, "kind": kind}
    )


def _partner(request, organization_id: int):
    return get_for_actor(
        organizations_visible_to(request.actor)
        .filter(kind__in=PARTNER_KINDS)
        .select_related("parent"),
        organization_id,
    )


def _partner_context(request, partner, *, add_form=None, transfer_form=None):
    actor = request.actor
    return {
        "partner": partner,
        "page": paginate(
            request,
            partner.memberships.select_related("user", "organization").order_by(
                "user__full_name", "pk"
            ),
        ),
        "children": partner.children.order_by("name")[:50],
        "add_form": add_form
        or (VendorAddEmployeeForm() if can(actor, "console.employees.add") else None),
        "transfer_form": transfer_form
        or (
            ManagerTransferForm(partner=partner) if can(actor, "console.manager.transfer") else None
        ),
    }


@permission_required("console.partners.view")
def partner_detail(request, organization_id: int):
    partner = _partner(request, organization_id)
    return render(request, "console/partner_detail.html", _partner_context(request, partner))


@permission_required("console.audit.view")
def audit(request):
    return render_event_list(request)


@permission_required("console.outbox.view")
def outbox(request):
    search = request.GET.get("q", "").strip()
    emails = OutboundEmail.objects.all()
    if search:
        emails = emails.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    page = paginate(request, emails.defer("body_text", "body_html"), per_page=50)
    return render(request, "console/outbox.html", {"page": page, "search": search})


@permission_required("console.outbox.view")
def outbox_detail(request, email_id: int):
    email = get_for_actor(OutboundEmail.objects.all(), email_id)
    show_body = not email.sensitive or settings.PORTAL_OUTBOX_KEEP_SENSITIVE
    return render(request, "console/outbox_detail.html", {"email": email, "show_body": show_body})


# ---------------------------------------------------------------- staff requests (AUTH-2)


@permission_required("console.staff_requests.decide")
def staff_requests(request, *, failed_reject=None, status=200):
    show = request.GET.get("show", "pending")
    requests = StaffRequest.objects.select_related("organization", "requested_by", "decided_by")
    if show == "pending":
        requests = requests.filter(status=StaffRequest.Status.PENDING).order_by("created_at", "pk")
    else:
        requests = requests.exclude(status=StaffRequest.Status.PENDING).order_by("-decided_at")
    page = paginate(request, requests)
    return render(
        request,
        "console/staff_requests.html",
        {
            "page": page,
            "show": show,
            # a rejection without a reason comes back open, its message at the field
            "failed_reject": failed_reject,
        },
        status=status,
    )


@require_POST
@permission_required("console.staff_requests.decide")
def staff_request_decide(request, staff_request_id: int):
    staff_request = get_for_actor(StaffRequest.objects.all(), staff_request_id)
    try:
        if request.POST.get("decision") == "approve":
            membership = team_services.staff_request_approve(
                actor=request.actor, staff_request=staff_request
            )
            text = (
                _("%(email)s was added to %(org)s; they already had a login.")
                if membership.user.is_activated
                else _("%(email)s was added to %(org)s and received an activation email.")
            )
            messages.success(
                request, text % {"email": membership.user.email, "org": membership.organization}
            )
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                failed = {"pk": staff_request.pk, "error": _("Tell the requester why.")}
                return staff_requests(request, failed_reject=failed, status=400)
            team_services.staff_request_reject(
                actor=request.actor,
                staff_request=staff_request,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Rejected; the requester was told why."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("console:staff_requests")


# ---------------------------------------------------------------- partner team (AUTH-2, ORG-4)


@require_POST
@permission_required("console.employees.add")
def partner_employee_add(request, organization_id: int):
    partner = _partner(request, organization_id)
    form = VendorAddEmployeeForm(request.POST)
    if form.is_valid():
        try:
            membership = team_services.employee_add_direct(
                actor=request.actor, organization=partner, **form.cleaned_data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Employee added; they already had a login and can sign in now.")
                if membership.user.is_activated
                else _("Employee added; the activation email is on its way."),
            )
            return redirect("console:partner", organization_id=partner.pk)
    return render(
        request,
        "console/partner_detail.html",
        _partner_context(request, partner, add_form=form),
        status=400,
    )


@require_POST
@permission_required("console.manager.transfer")
def partner_manager_transfer(request, organization_id: int):
    partner = _partner(request, organization_id)
    form = ManagerTransferForm(request.POST, partner=partner)
    if form.is_valid():
        try:
            tenancy_services.company_manager_transfer(
                actor=request.actor, to=form.cleaned_data["to"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now the company manager.")
                % {"name": form.cleaned_data["to"].user.full_name},
            )
            return redirect("console:partner", organization_id=partner.pk)
    return render(
        request,
        "console/partner_detail.html",
        _partner_context(request, partner, transfer_form=form),
        status=400,
    )
