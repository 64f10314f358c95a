"""Partner-portal and public pages of the reseller program: the public application form and a
reseller's client registration form (no login), the terms acceptance, and the reseller's leads
with their change and service requests. Views validate, call one service, render."""

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can, require
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.pagination import paginate_table
from portal.core.scoping import get_for_actor

from . import selectors, services
from .filters import LeadFilter
from .forms import (
    ApplicationForm,
    ChangeRequestForm,
    LeadForm,
    RegistrationForm,
    ServiceRequestForm,
)
from .models import AccountRequest, Lead
from .tables import LeadTable

HISTORY_SHOWN = 20

# ---------------------------------------------------------------- public forms (no login)


def _throttled(request, form, action: str, key: str | None = None) -> bool:
    """allauth's rate limit (ACCOUNT_RATE_LIMITS): per client address, and per key if given.
    Only a valid form counts, so correcting a typo never locks anyone out."""
    if ratelimit.consume(request, action=action, key=key):
        return False
    form.add_error(None, _("Too many forms were sent from your address. Try again in an hour."))
    form.throttled = True
    return True


def _status(form) -> int:
    return 429 if getattr(form, "throttled", False) else 400


def apply(request):
    """PROG-1: a company applies to become a reseller."""
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot:  # the honeypot: look like success, store nothing
            return redirect("public_programs:applied")
        if form.is_valid() and not _throttled(request, form, "program_apply"):
            values = {k: v for k, v in form.cleaned_data.items() if k != "fax_number"}
            try:
                services.application_submit(language=request.LANGUAGE_CODE, **values)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                return redirect("public_programs:applied")
        status = _status(form)
    return render(request, "programs/public/apply.html", {"form": form}, status=status)


def applied(request):
    return render(request, "programs/public/applied.html")


def _link_or_404(token: str):
    link = services.registration_link_lookup(token)
    if link is None:  # unknown, rotated, or the reseller is inactive
        raise Http404
    return link


def register(request, token: str):
    """PROG-4: a client registers through its reseller's link and becomes that reseller's lead."""
    link = _link_or_404(token)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            return redirect("public_programs:registered", token=token)
        if form.is_valid() and not _throttled(request, form, "lead_register", key=token):
            values = {k: v for k, v in form.cleaned_data.items() if k != "fax_number"}
            try:
                services.lead_register_public(link=link, **values)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                return redirect("public_programs:registered", token=token)
        status = _status(form)
    return render(
        request,
        "programs/public/register.html",
        {"form": form, "reseller": link.organization},
        status=status,
    )


def registered(request, token: str):
    link = _link_or_404(token)
    return render(request, "programs/public/registered.html", {"reseller": link.organization})


# ---------------------------------------------------------------- program terms (PROG-3)


@permission_required("programs.terms.view")
def terms(request):
    """The current terms; a Primary accepts them here (the gate sends everyone else here too,
    to read that their Primary must accept first)."""
    actor = request.actor
    current = selectors.current_terms()
    waiting = selectors.terms_waiting_for(actor.organization)
    if request.method == "POST":
        require(actor, "programs.terms.accept", request=request)
        if current is not None and str(current.pk) == request.POST.get("terms"):
            try:
                services.terms_accept(actor=actor, terms=current)
            except SERVICE_ERRORS as error:
                messages.error(request, service_error_message(error))
                return redirect("programs:terms")
            messages.success(request, _("Thank you: the program terms are accepted."))
            return redirect("portal:home")
        messages.error(request, _("A newer version of the terms was published: read it first."))
        return redirect("programs:terms")
    return render(
        request,
        "programs/terms.html",
        {
            "terms": current,
            "waiting": waiting,
            "may_accept": can(actor, "programs.terms.accept"),
            "acceptances": selectors.own_acceptances(actor=actor)[:10],
        },
    )


# ---------------------------------------------------------------- leads (PROG-4, PROG-5)


def _link_url(request, link) -> str:
    return request.build_absolute_uri(reverse("public_programs:register", args=[link.token]))


@permission_required("leads.manage")
def leads(request):
    actor = request.actor
    lead_filter = LeadFilter(request.GET, queryset=selectors.lead_list(actor=actor))
    table = LeadTable(lead_filter.qs)
    paginate_table(request, table, per_page=25)
    if request.htmx:
        return render(request, "programs/partials/_lead_rows.html", {"table": table})
    link = services.registration_link_ensure(actor=actor, organization=actor.organization)
    return render(
        request,
        "programs/lead_list.html",
        {
            "filter": lead_filter,
            "table": table,
            "link_url": _link_url(request, link),
            "may_rotate": can(actor, "leads.link.rotate"),
        },
    )


@require_POST
@permission_required("leads.link.rotate")
def link_rotate(request):
    services.registration_link_rotate(actor=request.actor)
    messages.success(request, _("A new link was made; the old one no longer works."))
    return redirect("programs:leads")


@permission_required("leads.manage")
def lead_add(request):
    form = LeadForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                lead = services.lead_create(actor=request.actor, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Lead %(ref)s added.") % {"ref": lead.reference})
                return redirect("programs:lead", lead_id=lead.pk)
        return render(request, "programs/lead_form.html", {"form": form}, status=400)
    return render(request, "programs/lead_form.html", {"form": form})


def _lead_initial(lead: Lead) -> dict:
    return {name: getattr(lead, name) for name in Lead.EDITABLE_FIELDS}


def _lead_context(request, lead, **forms):
    actor = request.actor
    editable = can(actor, "leads.edit", lead)
    may_request = can(actor, "leads.request", lead)
    details = getattr(lead.customer, "details", None) if lead.customer_id else None
    context = {
        "lead": lead,
        "editable": editable,
        "form": forms.get("form") or (LeadForm(initial=_lead_initial(lead)) if editable else None),
        "may_request": may_request,
        "change_form": forms.get("change_form")
        or (ChangeRequestForm(prefix="change") if may_request else None),
        "service_form": forms.get("service_form")
        or (ServiceRequestForm(prefix="service") if may_request else None),
        "account_details": details,
        "requests": selectors.requests_of_lead(actor=actor, lead=lead),
        "history": selectors.history_of(actor=actor, record=lead, extra=list(lead.requests.all()))[
            :HISTORY_SHOWN
        ],
        # the account opens in My Customers (the customers area) for those who may see it
        "may_open_account": can(actor, "customers.view"),
    }
    return context


def _own_lead(request, lead_id: int) -> Lead:
    return get_for_actor(
        request.actor, selectors.lead_list(actor=request.actor).select_related("customer"), lead_id
    )


@permission_required("leads.manage")
def lead_detail(request, lead_id: int):
    lead = _own_lead(request, lead_id)
    if request.method == "POST":
        require(request.actor, "leads.edit", lead, request=request)
        form = LeadForm(request.POST)
        if form.is_valid():
            try:
                services.lead_update(actor=request.actor, lead=lead, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Lead saved."))
                return redirect("programs:lead", lead_id=lead.pk)
        return render(
            request,
            "programs/lead_detail.html",
            _lead_context(request, lead, form=form),
            status=400,
        )
    return render(request, "programs/lead_detail.html", _lead_context(request, lead))


@require_POST
@permission_required("leads.manage")
def lead_request(request, lead_id: int):
    """A change request or a service request on the converted account."""
    lead = _own_lead(request, lead_id)
    require(request.actor, "leads.request", lead, request=request)
    kind = request.POST.get("kind")
    if kind == AccountRequest.Kind.CHANGE:
        country = str(getattr(getattr(lead.customer, "details", None), "country", "") or "")
        form = ChangeRequestForm(request.POST, prefix="change", account_country=country)
        key = "change_form"
    else:
        kind = AccountRequest.Kind.SERVICE
        form = ServiceRequestForm(request.POST, prefix="service")
        key = "service_form"
    if form.is_valid():
        try:
            filed = services.account_request_file(
                actor=request.actor,
                lead=lead,
                kind=kind,
                changes=form.changes() if kind == AccountRequest.Kind.CHANGE else None,
                description=form.cleaned_data.get("description", ""),
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Request %(ref)s sent to the vendor; its outcome will show here.")
                % {"ref": filed.reference},
            )
            return redirect("programs:lead", lead_id=lead.pk)
    return render(
        request,
        "programs/lead_detail.html",
        _lead_context(request, lead, **{key: form}),
        status=400,
    )
