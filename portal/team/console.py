"""The team area's vendor-console pages (SPEC §5), mounted under /console/team/: partners and
their staff, direct adds, the company manager move, and the staff request queue (AUTH-2)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import figures
from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.lazy import deferred
from portal.core.pagination import page_records, paginate, paginate_table
from portal.core.scoping import get_for_actor
from portal.tenancy.models import PARTNER_KINDS, MembershipInvitation, OrganizationKind

from . import services
from .filters import PartnerFilter
from .forms import (
    CandidateSearchForm,
    ManagerTransferForm,
    PartnerPageSearchForm,
    PaymentMethodForm,
    RejectForm,
    StaffRequestQueueForm,
    VendorAddEmployeeForm,
)
from .models import StaffRequest
from .selectors import (
    manager_candidates,
    partner_children,
    partner_list,
    partner_staff,
    staff_request_queue,
    with_active_staff,
)
from .tables import ConsoleResellerTable, PartnerCustomerTable, PartnerStaffTable, PartnerTable


@permission_required("console.partners.view")
def partners(request):
    partner_filter = PartnerFilter(request.GET, queryset=partner_list(actor=request.actor))

    def paged():
        table = PartnerTable(partner_filter.qs)
        # `sort` and `page` from the query: unknown columns are ignored, a bad page is page 1.
        paginate_table(request, table, per_page=25)
        with_active_staff(actor=request.actor, organizations=page_records(table))
        return table

    # read only when the rows are rendered: not when they come from the cache ({% kept %})
    table = deferred(paged)
    return render(
        request, "team/console/partner_list.html", {"filter": partner_filter, "table": table}
    )


def _partner(request, organization_id: int):
    # The partner's own row, without joins: a repeat view serves its page from the cache and
    # needs no more than the name and the scope check (404 for what the actor may not see), and
    # compiling the joins was a third of that view's time. The page's facts are read with it
    # (`_partner_facts`) when the page is rendered.
    return get_for_actor(
        request.actor,
        partner_list(actor=request.actor).filter(kind__in=PARTNER_KINDS).select_related(None),
        organization_id,
    )


def _partner_facts(request, partner):
    """The partner with its parent, company details and billing settings, in one query."""
    return partner_list(actor=request.actor).select_related("billing_settings").get(pk=partner.pk)


def _partner_context(request, partner, *, add_form=None, transfer_form=None, payment_form=None):
    actor = request.actor
    search_form = PartnerPageSearchForm(request.GET)
    searched = search_form.cleaned_data if search_form.is_valid() else {}

    def staff():
        table = PartnerStaffTable(
            partner_staff(actor=actor, partner=partner, search=searched.get("staff", "")),
            prefix="s-",
        )
        return paginate_table(request, table, per_page=25)

    def children():
        table_class = (
            ConsoleResellerTable
            if partner.kind == OrganizationKind.DISTRIBUTOR
            else PartnerCustomerTable
        )
        table = table_class(
            partner_children(actor=actor, partner=partner, search=searched.get("q", "")),
            prefix="c-",
        )
        paginate_table(request, table, per_page=25)
        if partner.kind == OrganizationKind.DISTRIBUTOR:
            with_active_staff(actor=actor, organizations=page_records(table))
        return table

    facts = deferred(lambda: _partner_facts(request, partner))
    billing = deferred(lambda: getattr(facts, "billing_settings", None))
    may_set_payment = can(actor, "partners.payment_method.set", partner)
    # What the page reads is read when it is rendered: not when the page's part comes from the
    # cache ({% kept %} in the template).
    return {
        "partner": partner,
        "parent": deferred(lambda: facts.parent),
        "details": deferred(lambda: getattr(facts, "details", None)),
        "billing": billing,
        # by the one-manager unique index, not walking the name order until the manager
        "manager": deferred(
            lambda: (
                partner_staff(actor=actor, partner=partner)
                .filter(is_company_manager=True)
                .order_by("pk")
                .first()
            )
        ),
        "search_form": search_form,
        "staff_table": deferred(staff),
        "children_table": deferred(children),
        "payment_form": payment_form
        or deferred(
            lambda: (
                PaymentMethodForm(
                    initial={"payment_method": billing.payment_method if billing else ""}
                )
                if may_set_payment
                else None
            )
        ),
        "add_form": add_form
        or deferred(
            lambda: VendorAddEmployeeForm() if can(actor, "console.employees.add") else None
        ),
        "transfer_form": transfer_form
        or deferred(
            lambda: (
                ManagerTransferForm(candidates=manager_candidates(actor=actor, partner=partner))
                if can(actor, "console.manager.transfer")
                else None
            )
        ),
        "candidates": deferred(
            lambda: list(manager_candidates(actor=actor, partner=partner)[:CANDIDATES_SHOWN])
        ),
    }


CANDIDATES_SHOWN = 10


@permission_required("console.manager.transfer")
def partner_manager_candidates(request, organization_id: int):
    """The picker's answer to a search: at most a few matching employees, as radio buttons."""
    partner = _partner(request, organization_id)
    form = CandidateSearchForm(request.GET)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    candidates = manager_candidates(actor=request.actor, partner=partner, search=search)
    return render(
        request,
        "team/console/partials/_manager_candidates.html",
        {"candidates": candidates[:CANDIDATES_SHOWN], "partner": partner, "search": search},
    )


def _kept_partner(request, organization_id: int):
    """`_partner` for a page view, kept in the figures cache as the page itself is: until
    anything in the vendor's channel changes (an organization added, moved or closed anywhere
    moves the vendor's version), so a repeat view reads no partner row. A missing or unseen id
    is kept as such and still gives 404."""

    def lookup():
        try:
            return _partner(request, organization_id)
        except Http404:
            return False

    partner = figures.cached(
        request.actor,
        "console:partner-row",
        lookup,
        variant=str(organization_id),
        request=request,
    )
    if partner is False:
        raise Http404
    return partner


@permission_required("console.partners.view")
def partner_detail(request, organization_id: int):
    partner = _kept_partner(request, organization_id)
    return render(request, "team/console/partner_detail.html", _partner_context(request, partner))


@require_POST
@permission_required("console.employees.add")
def partner_employee_add(request, organization_id: int):
    partner = _partner(request, organization_id)
    form = VendorAddEmployeeForm(request.POST)
    if form.is_valid():
        try:
            added = services.employee_add_direct(
                actor=request.actor, organization=partner, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
            if "confirm_other_partner" in form.errors:
                form.ask_to_confirm()
        else:
            messages.success(
                request,
                _(
                    "Invitation sent: this person already has a login and becomes an employee "
                    "when they accept it."
                )
                if isinstance(added, MembershipInvitation)
                else _("Employee added; the activation email is on its way."),
            )
            return redirect("console:partner", organization_id=partner.pk)
    return render(
        request,
        "team/console/partner_detail.html",
        _partner_context(request, partner, add_form=form),
        status=400,
    )


@require_POST
@permission_required("console.manager.transfer")
def partner_manager_transfer(request, organization_id: int):
    partner = _partner(request, organization_id)
    form = ManagerTransferForm(
        request.POST, candidates=manager_candidates(actor=request.actor, partner=partner)
    )
    if form.is_valid():
        try:
            services.company_manager_transfer(actor=request.actor, to=form.cleaned_data["to"])
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now the company manager.")
                % {"name": form.cleaned_data["to"].user.full_name},
            )
            return redirect("console:partner", organization_id=partner.pk)
    return render(
        request,
        "team/console/partner_detail.html",
        _partner_context(request, partner, transfer_form=form),
        status=400,
    )


@require_POST
@permission_required("console.payment_method.set")
def partner_payment_method(request, organization_id: int):
    """Vendor staff set a partner's payment method (seed 004); the service asks the rule."""
    partner = _partner(request, organization_id)
    form = PaymentMethodForm(request.POST)
    if form.is_valid():
        try:
            services.payment_method_set(
                actor=request.actor,
                organization=partner,
                payment_method=form.cleaned_data["payment_method"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Payment method saved."))
            # set from the distributor's list of resellers: back to that list
            back_to = partner.parent_id if form.cleaned_data["from_parent"] else partner.pk
            return redirect("console:partner", organization_id=back_to)
    return render(
        request,
        "team/console/partner_detail.html",
        _partner_context(request, partner, payment_form=form),
        status=400,
    )


@permission_required("console.staff_requests.decide")
def staff_requests(request, *, failed_reject=None, status=200):
    queue_form = StaffRequestQueueForm(request.GET)
    show = queue_form.cleaned_data["show"] if queue_form.is_valid() else ""
    show = show or StaffRequestQueueForm.PENDING
    page = paginate(request, staff_request_queue(actor=request.actor, pending=show == "pending"))
    return render(
        request,
        "team/console/staff_requests.html",
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
    staff_request = get_for_actor(request.actor, StaffRequest, staff_request_id)
    try:
        if request.POST.get("decision") == "approve":
            added = services.staff_request_approve(actor=request.actor, staff_request=staff_request)
            text = (
                _(
                    "Invitation sent: %(email)s already has a login and joins %(org)s when they "
                    "accept it."
                )
                if isinstance(added, MembershipInvitation)
                else _("%(email)s was added to %(org)s and received an activation email.")
            )
            messages.success(request, text % {"email": added.user.email, "org": added.organization})
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                failed = {"pk": staff_request.pk, "error": form.errors["reason"][0]}
                return staff_requests(request, failed_reject=failed, status=400)
            services.staff_request_reject(
                actor=request.actor,
                staff_request=staff_request,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Rejected; the requester was told why."))
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    return redirect("console:staff_requests")


urlpatterns = [
    path("partners/", partners, name="partners"),
    path("partners/<int:organization_id>/", partner_detail, name="partner"),
    path(
        "partners/<int:organization_id>/employees/",
        partner_employee_add,
        name="partner_employee_add",
    ),
    path(
        "partners/<int:organization_id>/manager/",
        partner_manager_transfer,
        name="partner_manager_transfer",
    ),
    path(
        "partners/<int:organization_id>/manager/candidates/",
        partner_manager_candidates,
        name="partner_manager_candidates",
    ),
    path(
        "partners/<int:organization_id>/payment-method/",
        partner_payment_method,
        name="partner_payment_method",
    ),
    path("staff-requests/", staff_requests, name="staff_requests"),
    path(
        "staff-requests/<int:staff_request_id>/",
        staff_request_decide,
        name="staff_request_decide",
    ),
]
