"""Company page, employees, staff requests, activation and the company's activity log
(COMP-1, COMP-2, AUTH-2, PLAT-3). Views validate, call one service, render."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.explain import effective_access
from portal.access.policies import (
    Feature,
    allowed_features,
    assignable_levels,
    can,
    has_all_features,
    require,
)
from portal.audit.selectors import audit_events_about_member
from portal.core.exceptions import DomainError
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.lazy import deferred
from portal.core.pagination import page_records, paginate, paginate_table
from portal.core.scoping import get_for_actor
from portal.core.templatetags.portal_format import userdate
from portal.tenancy.middleware import SESSION_MEMBERSHIP_KEY
from portal.tenancy.models import Level
from portal.tenancy.selectors import employees_of

from . import selectors, services
from .filters import EmployeeFilter
from .forms import (
    CompanyBillingForm,
    CompanyInfoForm,
    EmployeeForm,
    PaymentMethodForm,
    ResellerSearchForm,
    ResendActivationForm,
    StaffRequestForm,
)
from .models import BillingSettings, CompanyDetails, StaffRequest
from .selectors import (
    active_primaries,
    employee_list,
    should_name_second_primary,
    staff_requests_of,
)
from .tables import EmployeeTable, ResellerTable

# The filter pills speak of the people shown, all in the plural (Polish: "Aktywni", not the
# singular status label "Aktywny").
STATUS_TABS = [
    ("", pgettext_lazy("employees filter", "All")),
    ("active", pgettext_lazy("employees filter", "Active")),
    ("inactive", pgettext_lazy("employees filter", "Inactive")),
    ("not_activated", pgettext_lazy("employees filter", "Not activated")),
]

# ---------------------------------------------------------------- company


def _company_records(actor) -> tuple[CompanyDetails, BillingSettings]:
    organization = actor.organization
    details = CompanyDetails.objects.for_actor(actor).filter(organization=organization).first()
    billing = BillingSettings.objects.for_actor(actor).filter(organization=organization).first()
    return (
        details or CompanyDetails(organization=organization),
        billing or BillingSettings(organization=organization),
    )


def _company_context(request, *, info_form=None, billing_form=None):
    """Read when the page is rendered: not when its content comes from the cache ({% kept %})."""
    actor = request.actor
    records = deferred(lambda: _company_records(actor))
    may_edit = can(actor, "company.edit")
    return {
        "organization": actor.organization,
        "details": deferred(lambda: records[0]),
        "billing": deferred(lambda: records[1]),
        "full_view": can(actor, "company.view_full"),
        "may_edit": may_edit,
        "info_form": info_form
        or deferred(lambda: CompanyInfoForm(instance=records[0]) if may_edit else None),
        "billing_form": billing_form
        or deferred(lambda: CompanyBillingForm(instance=records[1]) if may_edit else None),
        "primaries": deferred(lambda: active_primaries(actor)),
        "single_primary": deferred(lambda: should_name_second_primary(actor)),
    }


@permission_required("company.view")
def company(request):
    return render(request, "team/company.html", _company_context(request))


def _company_part(request, form_class, service, part):
    require(request.actor, "company.edit", request=request)
    details, billing = _company_records(request.actor)
    form = form_class(request.POST, instance=details if part == "info" else billing)
    saved = False
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        try:
            service(actor=request.actor, **values)
            saved = True
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
    if request.htmx:
        # Saved: the part is shown as stored (a dashed NIP comes back normalised at once).
        context = _company_context(request, **({} if saved else {f"{part}_form": form}))
        context["saved"] = saved
        return render(request, f"team/partials/_company_{part}.html", context)
    if saved:
        messages.success(request, _("Saved."))
        return redirect("team:company")
    return render(request, "team/company.html", _company_context(request, **{f"{part}_form": form}))


@require_POST
@permission_required("company.view")
def company_info(request):
    return _company_part(request, CompanyInfoForm, services.company_info_update, "info")


@require_POST
@permission_required("company.view")
def company_billing(request):
    return _company_part(request, CompanyBillingForm, services.company_billing_update, "billing")


# ---------------------------------------------------------------- a distributor's resellers


@permission_required("resellers.view")
def resellers(request):
    """A distributor's resellers: company facts, staff and the payment method it sets."""
    form = ResellerSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    table = ResellerTable(selectors.resellers_of(actor=request.actor, search=search))
    paginate_table(request, table, per_page=25)
    selectors.with_active_staff(actor=request.actor, organizations=page_records(table))
    return render(request, "team/reseller_list.html", {"form": form, "table": table})


@require_POST
@permission_required("resellers.view")
def reseller_payment_method(request, organization_id: int):
    reseller = get_for_actor(
        request.actor, selectors.resellers_of(actor=request.actor), organization_id
    )
    form = PaymentMethodForm(request.POST)
    if form.is_valid():
        try:
            services.payment_method_set(
                actor=request.actor,
                organization=reseller,
                payment_method=form.cleaned_data["payment_method"],
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(
                request,
                _("Payment method of %(name)s: %(method)s.")
                % {
                    "name": reseller.name,
                    "method": BillingSettings.PaymentMethod(
                        form.cleaned_data["payment_method"]
                    ).label,
                },
            )
    else:
        messages.error(request, _("Choose a payment method from the list."))
    return redirect("team:resellers")


# ---------------------------------------------------------------- employees


@permission_required("employees.view")
def employees(request):
    employee_filter = EmployeeFilter(request.GET, queryset=employee_list(actor=request.actor))
    status = (
        employee_filter.form.cleaned_data.get("status", "") if employee_filter.is_valid() else ""
    )
    search = employee_filter.form.cleaned_data.get("q", "") if employee_filter.is_valid() else ""

    def paged():
        table = paginate_table(request, EmployeeTable(employee_filter.qs))
        selectors.with_feature_labels(page_records(table))
        return table

    # read only when the rows are rendered: not when they come from the cache ({% kept %})
    table = deferred(paged)
    template = "team/partials/_employee_rows.html" if request.htmx else "team/employee_list.html"
    return render(
        request,
        template,
        {
            "table": table,
            "status": status,
            "search": search,
            "status_tabs": STATUS_TABS,
            # read only when the page's content is rendered, not when it is kept
            "pending_requests": deferred(
                lambda: (
                    staff_requests_of(request.actor)
                    .filter(status=StaffRequest.Status.PENDING)
                    .count()
                    if can(request.actor, "staff.request")
                    else 0
                )
            ),
            "filter_errors": employee_filter.errors,
        },
    )


def _employee_form(actor, employee, data=None):
    levels = assignable_levels(actor)
    if employee.level not in levels:
        levels = [*levels, employee.level]
    initial = {
        "full_name": employee.user.full_name,
        "job_title": employee.user.job_title,
        "phone": employee.user.phone,
        "level": employee.role,
        "features": employee.features,
    }
    return EmployeeForm(data, initial=initial, levels=levels)


@permission_required("employees.view")
def employee_detail(request, membership_id: int):
    actor = request.actor
    employee = get_for_actor(actor, employees_of(actor), membership_id)
    may_manage = can(actor, "employees.manage", employee)
    form = _employee_form(actor, employee) if may_manage else None
    if request.method == "POST":
        require(actor, "employees.manage", employee, request=request)
        form = _employee_form(actor, employee, request.POST)
        if form.is_valid():
            try:
                services.employee_update(actor=actor, membership=employee, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Saved. The changes apply from their next page."))
                return redirect("team:employee", membership_id=employee.pk)
    # The boxes follow the level chosen on the form, so a re-shown form keeps what was ticked.
    chosen = form["level"].value() if form is not None else None
    level = Level(chosen) if chosen in Level.values else employee.level
    everything = has_all_features(employee, level)
    selected = set(form["features"].value() or []) if form else set(employee.features)
    return render(
        request,
        "team/employee_detail.html",
        {
            "employee": employee,
            "may_manage": may_manage,
            # the company manager stays active until the vendor moves the role (ORG-4)
            "may_change_status": may_manage and not employee.is_company_manager,
            "form": form,
            "feature_rows": [
                {
                    "feature": f,
                    "allowed": f in allowed_features(level),
                    "granted": everything or f.value in selected,
                }
                for f in Feature
            ],
            "everything": everything,
            # why this person sees or misses each section, from the same policy (point 14)
            "access_rows": effective_access(
                employee,
                switched_off_on={
                    feature: userdate(at)
                    for feature, at in selectors.features_switched_off_on(
                        actor=actor, membership=employee
                    ).items()
                }
                if can(actor, "audit.view_company")
                else None,
            ),
            "history": audit_events_about_member(actor, employee)[:10]
            if can(actor, "audit.view_company")
            else None,
            "ceilings": {lv.value: sorted(f.value for f in allowed_features(lv)) for lv in Level},
            # levels at which the person has every feature whatever is ticked (ACC-1)
            "everything_levels": [lv.value for lv in Level if has_all_features(employee, lv)],
        },
    )


@require_POST
@permission_required("employees.view")
def employee_set_active(request, membership_id: int):
    employee = get_for_actor(request.actor, employees_of(request.actor), membership_id)
    require(request.actor, "employees.manage", employee, request=request)
    activate = request.POST.get("active") == "1"
    service = services.membership_reactivate if activate else services.membership_deactivate
    try:
        service(actor=request.actor, membership=employee)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        name = employee.user.full_name
        messages.success(
            request,
            (
                _("%(name)s is active again and can log in.")
                if activate
                else _(
                    "%(name)s is deactivated: their sessions ended and they can no longer log in."
                )
            )
            % {"name": name},
        )
    return redirect("team:employee", membership_id=employee.pk)


@require_POST
@permission_required("employees.view")
def employee_resend_activation(request, membership_id: int):
    employee = get_for_actor(request.actor, employees_of(request.actor), membership_id)
    require(request.actor, "employees.manage", employee, request=request)
    try:
        services.activation_send(actor=request.actor, membership=employee)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(
            request,
            _("A new activation link was sent to %(email)s; the old one no longer works.")
            % {"email": employee.user.email},
        )
    return redirect("team:employee", membership_id=employee.pk)


# ---------------------------------------------------------------- staff requests


@permission_required("staff.request")
def staff_requests(request):
    form = StaffRequestForm(request.POST or None, actor=request.actor)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.staff_request_file(actor=request.actor, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Request sent. The vendor answers by %(date)s (5 business days).")
                % {"date": userdate(created.due_date)},
            )
            return redirect("team:staff_requests")
    page = paginate(request, staff_requests_of(request.actor).order_by("-created_at"))
    for staff_request in page:  # a pending request its filer or a Primary may take back
        staff_request.may_withdraw = staff_request.status == StaffRequest.Status.PENDING and can(
            request.actor, "staff.request.withdraw", staff_request
        )
    return render(request, "team/staff_requests.html", {"form": form, "page": page})


@require_POST
@permission_required("staff.request")
def staff_request_withdraw(request, staff_request_id: int):
    staff_request = get_for_actor(request.actor, staff_requests_of(request.actor), staff_request_id)
    try:
        services.staff_request_withdraw(actor=request.actor, staff_request=staff_request)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("team:staff_requests")


# ---------------------------------------------------------------- activation (public)


def activate(request, token: str):
    found = services.activation_token_lookup(token)
    if found is None:
        return render(
            request, "team/activation_invalid.html", {"form": ResendActivationForm()}, status=410
        )
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activation_complete(
                raw=token, password=form.cleaned_data["new_password1"]
            )
        except DomainError:
            return render(
                request,
                "team/activation_invalid.html",
                {"form": ResendActivationForm()},
                status=410,
            )
        login(request, user, backend="portal.accounts.backends.MemberAuthenticationBackend")
        messages.success(request, _("Your account is active. Welcome to the Partner Portal!"))
        return redirect("home")
    return render(request, "team/activation.html", {"form": form, "person": found.user})


def activation_resend(request):
    form = ResendActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if not ratelimit.consume(request, action="activation_resend", key=email):
            messages.error(request, _("Too many requests for new links. Try again in an hour."))
            return redirect("account_login")
        services.activation_resend_by_email(email=email)
        messages.success(
            request,
            _(
                "If an account for this address is waiting to be activated, "
                "a new link is on its way."
            ),
        )
        return redirect("account_login")
    return render(request, "team/activation_invalid.html", {"form": form, "asked": True})


# ---------------------------------------------------------------- invitations (issue 8)

INVITATIONS_SESSION_KEY = "pending_invitations"  # read by the banner in layouts/app.html


@login_required
def invitations(request):
    """Memberships offered to the signed-in person's existing login: accept or decline."""
    pending = list(selectors.invitations_pending_for(user=request.user))
    request.session[INVITATIONS_SESSION_KEY] = len(pending)
    return render(request, "team/invitations.html", {"invitations": pending})


@require_POST
@login_required
def invitation_decide(request, invitation_id: int):
    # Only the invited person's own invitations exist here; anyone else's is a 404.
    if not selectors.invitations_pending_for(user=request.user).filter(pk=invitation_id).exists():
        raise Http404
    try:
        if request.POST.get("decision") == "accept":
            membership = services.invitation_accept(user=request.user, invitation_id=invitation_id)
            request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
            messages.success(
                request,
                _("You are now a member of %(org)s.") % {"org": membership.organization.name},
            )
        else:
            services.invitation_decline(user=request.user, invitation_id=invitation_id)
            messages.success(request, _("The invitation is declined."))
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    request.session[INVITATIONS_SESSION_KEY] = selectors.invitations_pending_for(
        user=request.user
    ).count()
    if request.session[INVITATIONS_SESSION_KEY]:
        return redirect("invitations")
    return redirect("home")
