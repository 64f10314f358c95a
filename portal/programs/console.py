"""The reseller program's vendor-console pages (SPEC §5), mounted under /console/programs/:
applications (PROG-2), program terms and their acceptances (PROG-3), the lead conversion queue
and the change and service request queue (PROG-5)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.pagination import paginate_table
from portal.core.scoping import get_for_actor

from . import selectors, services
from .filters import AcceptanceFilter, ApplicationFilter, ConsoleLeadFilter, RequestFilter
from .forms import AcceptApplicationForm, ReasonForm, TermsForm
from .models import AccountRequest, Lead, ResellerApplication
from .tables import AcceptanceTable, ApplicationTable, ConsoleLeadTable, RequestTable

HISTORY_SHOWN = 20


def _table(request, table):
    # `sort` and `page` from the query: unknown columns are ignored, a bad page is page 1.
    paginate_table(request, table, per_page=25)
    return table


def _default_pending(request, filter_class, queryset):
    """Queues open on what waits: without a status in the query, pending rows only."""
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "pending" if filter_class is not ConsoleLeadFilter else "lead"
    return filter_class(data, queryset=queryset)


# ---------------------------------------------------------------- applications (PROG-2)


@permission_required("console.applications.decide")
def applications(request):
    queryset = selectors.application_list(actor=request.actor)
    application_filter = _default_pending(request, ApplicationFilter, queryset)
    table = _table(request, ApplicationTable(application_filter.qs))
    return render(
        request,
        "programs/console/applications.html",
        {"filter": application_filter, "table": table},
    )


def _application_context(request, application, *, accept_form=None, reject_form=None):
    actor = request.actor
    return {
        "application": application,
        "accept_form": accept_form
        or AcceptApplicationForm(distributors=selectors.distributors_for_acceptance(actor=actor)),
        "reject_form": reject_form or ReasonForm(),
        "history": selectors.history_of(actor=actor, record=application)[:HISTORY_SHOWN],
    }


@permission_required("console.applications.decide")
def application_detail(request, application_id: int):
    application = get_for_actor(request.actor, ResellerApplication, application_id)
    return render(
        request,
        "programs/console/application_detail.html",
        _application_context(request, application),
    )


@require_POST
@permission_required("console.applications.decide")
def application_decide(request, application_id: int):
    actor = request.actor
    application = get_for_actor(actor, ResellerApplication, application_id)
    if request.POST.get("decision") == "accept":
        form = AcceptApplicationForm(
            request.POST, distributors=selectors.distributors_for_acceptance(actor=actor)
        )
        context_key = "accept_form"
        if form.is_valid():
            try:
                decided = services.application_accept(
                    actor=actor, application=application, parent=form.cleaned_data["parent"]
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Accepted: %(org)s is a reseller now and %(email)s received the "
                        "activation email (or an invitation, for an existing login)."
                    )
                    % {"org": decided.reseller.name, "email": decided.email},
                )
                return redirect("console:application", application_id=application.pk)
    else:
        form = ReasonForm(request.POST)
        context_key = "reject_form"
        if form.is_valid():
            try:
                services.application_reject(
                    actor=actor, application=application, reason=form.cleaned_data["reason"]
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Rejected; the applicant was told why."))
                return redirect("console:application", application_id=application.pk)
    return render(
        request,
        "programs/console/application_detail.html",
        _application_context(request, application, **{context_key: form}),
        status=400,
    )


# ---------------------------------------------------------------- program terms (PROG-3)


@permission_required("console.terms.publish")
def terms(request):
    actor = request.actor
    form = TermsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                published = services.terms_publish(actor=actor, text=form.cleaned_data["text"])
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)s is published: every reseller's Primary is asked "
                        "to accept it."
                    )
                    % {"version": published.version},
                )
                return redirect("console:terms")
        status = 400
    acceptance_filter = AcceptanceFilter(
        request.GET, queryset=selectors.acceptance_list(actor=actor)
    )
    versions = selectors.terms_list(actor=actor)
    return render(
        request,
        "programs/console/terms.html",
        {
            "form": form,
            "current": versions.first(),
            "versions": versions[:10],
            "filter": acceptance_filter,
            "table": _table(request, AcceptanceTable(acceptance_filter.qs)),
        },
        status=status,
    )


# ---------------------------------------------------------------- lead conversion (PROG-5)


@permission_required("console.leads.convert")
def leads(request):
    lead_filter = _default_pending(
        request, ConsoleLeadFilter, selectors.lead_queue(actor=request.actor)
    )
    table = _table(request, ConsoleLeadTable(lead_filter.qs))
    return render(request, "programs/console/leads.html", {"filter": lead_filter, "table": table})


def _lead_context(request, lead, *, reject_form=None):
    actor = request.actor
    return {
        "lead": lead,
        "reject_form": reject_form or ReasonForm(),
        "requests": selectors.requests_of_lead(actor=actor, lead=lead),
        "history": selectors.history_of(actor=actor, record=lead, extra=list(lead.requests.all()))[
            :HISTORY_SHOWN
        ],
    }


@permission_required("console.leads.convert")
def lead_detail(request, lead_id: int):
    lead = get_for_actor(request.actor, selectors.lead_queue(actor=request.actor), lead_id)
    return render(request, "programs/console/lead_detail.html", _lead_context(request, lead))


@require_POST
@permission_required("console.leads.convert")
def lead_decide(request, lead_id: int):
    actor = request.actor
    lead = get_for_actor(actor, Lead, lead_id)
    if request.POST.get("decision") == "convert":
        try:
            customer = services.lead_convert(actor=actor, lead=lead)
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(
                request,
                _("Converted: %(name)s is now a customer of %(reseller)s.")
                % {"name": customer.name, "reseller": lead.organization.name},
            )
        return redirect("console:lead", lead_id=lead.pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.lead_reject(actor=actor, lead=lead, reason=form.cleaned_data["reason"])
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Rejected; the reseller was told why."))
            return redirect("console:lead", lead_id=lead.pk)
    return render(
        request,
        "programs/console/lead_detail.html",
        _lead_context(request, lead, reject_form=form),
        status=400,
    )


# ---------------------------------------------------------------- change and service requests


@permission_required("console.account_requests.decide")
def account_requests(request):
    request_filter = _default_pending(
        request, RequestFilter, selectors.request_queue(actor=request.actor)
    )
    table = _table(request, RequestTable(request_filter.qs))
    return render(
        request,
        "programs/console/requests.html",
        {"filter": request_filter, "table": table},
    )


def _request_context(request, account_request, *, decline_form=None):
    actor = request.actor
    customer = account_request.lead.customer
    details = getattr(customer, "details", None)
    changes = account_request.changes or {}
    return {
        "account_request": account_request,
        "rows": [
            {
                "label": AccountRequest.CHANGE_LABELS[name],
                "now": customer.name if name == "name" else getattr(details, name, ""),
                "new": changes[name],
            }
            for name in AccountRequest.CHANGEABLE_FIELDS
            if name in changes
        ],
        "decline_form": decline_form or ReasonForm(),
        "history": selectors.history_of(actor=actor, record=account_request)[:HISTORY_SHOWN],
    }


@permission_required("console.account_requests.decide")
def account_request_detail(request, request_id: int):
    account_request = get_for_actor(
        request.actor, selectors.request_queue(actor=request.actor), request_id
    )
    return render(
        request,
        "programs/console/request_detail.html",
        _request_context(request, account_request),
    )


@require_POST
@permission_required("console.account_requests.decide")
def account_request_decide(request, request_id: int):
    actor = request.actor
    account_request = get_for_actor(actor, selectors.request_queue(actor=actor), request_id)
    if request.POST.get("decision") == "apply":
        try:
            services.account_request_apply(actor=actor, request=account_request)
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Applied; the reseller sees the outcome."))
        return redirect("console:account_request", request_id=account_request.pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.account_request_decline(
                actor=actor, request=account_request, reason=form.cleaned_data["reason"]
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Declined; the reseller was told why."))
            return redirect("console:account_request", request_id=account_request.pk)
    return render(
        request,
        "programs/console/request_detail.html",
        _request_context(request, account_request, decline_form=form),
        status=400,
    )


urlpatterns = [
    path("applications/", applications, name="applications"),
    path("applications/<int:application_id>/", application_detail, name="application"),
    path(
        "applications/<int:application_id>/decision/",
        application_decide,
        name="application_decide",
    ),
    path("terms/", terms, name="terms"),
    path("leads/", leads, name="leads"),
    path("leads/<int:lead_id>/", lead_detail, name="lead"),
    path("leads/<int:lead_id>/decision/", lead_decide, name="lead_decide"),
    path("requests/", account_requests, name="account_requests"),
    path("requests/<int:request_id>/", account_request_detail, name="account_request"),
    path(
        "requests/<int:request_id>/decision/",
        account_request_decide,
        name="account_request_decide",
    ),
]
