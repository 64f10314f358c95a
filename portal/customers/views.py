"""My Customers (CUST-1..4, CUST-6): the grid with its statistics and exports, a new customer,
one customer's record with its storefront users. Views validate, call one service, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal.access import figures
from portal.access.decorators import permission_required
from portal.access.policies import can, require
from portal.billing.selectors import trends as billing_trends
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.lazy import deferred
from portal.core.pagination import paginate_table
from portal.orders.models import WorkspaceSection
from portal.orders.selectors import approval_state, reseller_requires_approval
from portal.orders.services import workspace_sections_for
from portal.tenancy.models import CustomerRole, Membership, OrganizationKind
from portal.tenancy.selectors import customers_of

from . import services
from .exports import csv_response, export_rows, xlsx_response
from .filters import CustomerFilter, StorefrontUserFilter
from .forms import CustomerForm, ExportForm, StorefrontUserForm
from .selectors import (
    customer_get,
    customer_history,
    customer_list,
    customer_statistics,
    customer_storefront_users,
    storefront_user_get,
)
from .tables import CustomerTable, StorefrontUserTable

PER_PAGE = 25
HISTORY_ROWS = 20


def _customer_table(request):
    """The filtered, sorted table of the grid; the exports use the very same one."""
    actor = request.actor
    customer_filter = CustomerFilter(request.GET, queryset=customer_list(actor=actor))
    exclude = ["status"]
    # A reseller's customers all have the same reseller: the column is for distributors.
    if actor.organization.kind != OrganizationKind.DISTRIBUTOR:
        exclude.append("reseller")
    table = CustomerTable(customer_filter.qs, exclude=exclude)
    return customer_filter, table


@permission_required("customers.view")
def customers(request):
    # `sort` and `page` from the query: unknown columns are ignored, a bad page is page 1.
    # Built and read only when the rows are rendered: not when they come from the cache
    # ({% kept %}).
    table = deferred(
        lambda: paginate_table(request, _customer_table(request)[1], per_page=PER_PAGE)
    )
    # the search form, showing what was typed (its own rows are never read)
    search = CustomerFilter(request.GET, queryset=customers_of(request.actor))
    context = {"filter": search, "table": table}
    if request.htmx:
        return render(request, "customers/partials/_rows.html", context)
    actor = request.actor
    # The rest is read only when the page's content is rendered, not when it is kept.
    # The statistics and trends are figures like the home's: kept until the company's data
    # changes (they serve every page and search of the grid).
    context["stats"] = deferred(
        lambda: figures.cached(
            actor, "customers.statistics", lambda: customer_statistics(actor=actor), request=request
        )
    )
    context["may_create"] = can(actor, "customers.manage")
    # CUST-5: a credit-card reseller's customers all need order approval (orders area)
    context["approval_banner"] = deferred(
        lambda: (
            actor.organization.kind == "reseller" and reseller_requires_approval(actor.organization)
        )
    )
    # Trends at a glance (billing area): run rate and invoiced amount of the last 12 months
    if can(actor, "billing.view"):
        # kept as HTML, like the home's panels: 24 months of dates and amounts to format
        context["trends_html"] = deferred(
            lambda: figures.cached(
                actor,
                "billing.trends.html",
                lambda: render_to_string(
                    "billing/widgets/_trends.html", {"widget": billing_trends(actor=actor)}
                ),
                variant=request.user.date_format,
                request=request,
            )
        )
    # the statistics and the trend's last month show the same customer totals: read once
    with figures.one_pass():
        return render(request, "customers/customer_list.html", context)


def _export(request, rows_format: str):
    require(request.actor, "customers.export", request=request)
    customer_filter, table = _customer_table(request)
    RequestConfig(request, paginate=False).configure(table)  # the order of the grid
    filters = customer_filter.form.cleaned_data if customer_filter.is_valid() else {}
    services.customers_exported(
        actor=request.actor,
        rows_format=rows_format,
        filters={k: v for k, v in filters.items() if v},
    )
    rows = export_rows(table, table.data.data)
    if rows_format == "csv":
        return csv_response(rows, "Customers.csv")
    return xlsx_response(rows, "Customers.xlsx", str(_("Customers")))


@permission_required("customers.view")
def customers_export(request):
    """`?format=xlsx|csv` plus the grid's own query (search, status, sort); without a valid
    format the grid itself answers."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return redirect("customers:list")
    return _export(request, form.cleaned_data["format"])


@permission_required("customers.manage")
def customer_create(request):
    form = CustomerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                customer = services.customer_create(actor=request.actor, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
                return redirect("customers:detail", customer_id=customer.pk)
        status = 400
    return render(request, "customers/customer_form.html", {"form": form}, status=status)


def _details_initial(customer) -> dict:
    details = getattr(customer, "details", None)
    initial = {"name": customer.name}
    if details is not None:
        for field in ("email", "address", "city", "country", "state", "postcode", "phone"):
            initial[field] = getattr(details, field)
        initial["country"] = str(details.country or "")
    return initial


def _storefront_table(request, customer, may_manage, url_prefix="customers:"):
    users_filter = StorefrontUserFilter(
        request.GET,
        queryset=customer_storefront_users(actor=request.actor, customer=customer),
    )
    table = StorefrontUserTable(
        users_filter.qs, customer=customer, may_manage=may_manage, url_prefix=url_prefix
    )
    paginate_table(request, table, per_page=PER_PAGE)
    return users_filter, table


@permission_required("customers.view")
def customer_detail(request, customer_id: int):
    actor = request.actor
    customer = customer_get(actor=actor, customer_id=customer_id)
    may_manage = can(actor, "customers.record.manage", customer)
    users_filter, users_table = _storefront_table(request, customer, may_manage)
    if request.htmx and request.method == "GET":
        return render(
            request,
            "customers/partials/_storefront_users.html",
            {"customer": customer, "users_filter": users_filter, "users_table": users_table},
        )
    form = CustomerForm(initial=_details_initial(customer)) if may_manage else None
    status = 200
    if request.method == "POST":
        require(actor, "customers.record.manage", customer, request=request)
        form = CustomerForm(request.POST, initial=_details_initial(customer))
        if form.is_valid():
            try:
                services.customer_update(actor=actor, customer=customer, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Customer details updated."))
                return redirect("customers:detail", customer_id=customer.pk)
        status = 400
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "may_manage": may_manage,
            "form": form,
            "users_filter": users_filter,
            "users_table": users_table,
            # CUST-5 and CUST-7 come from the orders area
            "workspace_sections": [
                (section, WorkspaceSection(section).label)
                for section in workspace_sections_for(actor)
            ],
            "approval": approval_state(customer=customer),
            "history": customer_history(actor=actor, customer=customer)[:HISTORY_ROWS]
            if may_manage or can(actor, "audit.view_company") or actor.is_vendor
            else None,
        },
        status=status,
    )


@require_POST
@permission_required("customers.view")
def customer_set_active(request, customer_id: int):
    customer = customer_get(actor=request.actor, customer_id=customer_id)
    require(request.actor, "customers.record.manage", customer, request=request)
    active = request.POST.get("active") == "1"
    try:
        services.customer_set_active(actor=request.actor, customer=customer, active=active)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(
            request,
            (_("%(name)s is active again.") if active else _("%(name)s is now inactive."))
            % {"name": customer.name},
        )
    return redirect("customers:detail", customer_id=customer.pk)


@permission_required("customers.view")
def storefront_user_add(request, customer_id: int):
    actor = request.actor
    customer = customer_get(actor=actor, customer_id=customer_id)
    require(actor, "customers.record.manage", customer, request=request)
    has_admin = customer_storefront_users(actor=actor, customer=customer).filter(
        role=CustomerRole.ADMIN, is_active=True
    )
    initial = {
        "language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "pl", "hu") else "en",
        "role": CustomerRole.USER if has_admin.exists() else CustomerRole.ADMIN,
    }
    form = StorefrontUserForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                added = services.storefront_user_add(
                    actor=actor, customer=customer, **form.cleaned_data
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                email = form.cleaned_data["email"]
                if isinstance(added, Membership):
                    text = _(
                        "%(email)s was added: a welcome email with an activation link is on "
                        "its way."
                    )
                else:
                    text = _(
                        "%(email)s already has a login: an invitation to this storefront was "
                        "sent, and the user appears here once they accept it."
                    )
                messages.success(request, text % {"email": email})
                return redirect("customers:detail", customer_id=customer.pk)
        status = 400
    return render(
        request,
        "customers/storefront_user_form.html",
        {"customer": customer, "form": form},
        status=status,
    )


def _storefront_action(request, customer_id, storefront_user_id, action, back="customers:detail"):
    actor = request.actor
    customer = customer_get(actor=actor, customer_id=customer_id)
    membership = storefront_user_get(
        actor=actor, customer=customer, membership_id=storefront_user_id
    )
    require(actor, "customers.record.manage", customer, request=request)
    email = membership.user.email
    try:
        if action == "reset":
            services.storefront_user_password_reset(actor=actor, membership=membership)
            text = _("A password reset email was sent to %(email)s.")
        elif action == "resend":
            services.storefront_user_resend_activation(actor=actor, membership=membership)
            text = _("A new activation link was sent to %(email)s; the old one no longer works.")
        elif action == "deactivate":
            services.storefront_user_set_active(actor=actor, membership=membership, active=False)
            text = _("%(email)s is deactivated and can no longer log in to the storefront.")
        else:
            services.storefront_user_set_active(actor=actor, membership=membership, active=True)
            text = _("%(email)s is active again.")
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(request, text % {"email": email})
    return redirect(reverse(back, args=[customer.pk]) + "#storefront-users")


@require_POST
@permission_required("customers.view")
def storefront_user_reset(request, customer_id: int, storefront_user_id: int):
    return _storefront_action(request, customer_id, storefront_user_id, "reset")


@require_POST
@permission_required("customers.view")
def storefront_user_resend(request, customer_id: int, storefront_user_id: int):
    return _storefront_action(request, customer_id, storefront_user_id, "resend")


@require_POST
@permission_required("customers.view")
def storefront_user_deactivate(request, customer_id: int, storefront_user_id: int):
    return _storefront_action(request, customer_id, storefront_user_id, "deactivate")


@require_POST
@permission_required("customers.view")
def storefront_user_activate(request, customer_id: int, storefront_user_id: int):
    return _storefront_action(request, customer_id, storefront_user_id, "activate")
