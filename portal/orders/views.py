"""Pages of the orders area in the partner portal, the storefront and the distributor's workspace.

Partner portal (/portal/orders/): all orders, one order, a customer's orders and subscriptions
(also a partial the customer record includes), placing an order for a customer, accepting and
cancelling, the distributor's provisioning queue, markups, the approval switch, the quick-action
sign-on. Storefront (/store/orders/): the customer's own orders, subscriptions and a new order.
Workspace (/workspace/): the pages the quick actions open.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.lazy import deferred
from portal.core.pagination import paginate_table
from portal.core.scoping import get_for_actor
from portal.tenancy.models import OrganizationKind
from portal.tenancy.selectors import customers_of

from . import selectors, services
from .exports import xlsx_response
from .filters import OrderFilter
from .forms import ApprovalForm, MarkupForm, OrderLineFormSet, SubscriptionActionForm
from .models import Markup, Order, Subscription, WorkspaceSection
from .tables import ORDER_EXPORT_HEADERS, OrderTable, StoreOrderTable, order_export_rows

PER_PAGE = 25
# the workspace's grant in the session: customer id → section, valid while the session lasts
WORKSPACE_SESSION_KEY = "orders.workspace_grants"


def _customer(request, customer_id):
    return get_for_actor(
        request.actor, customers_of(request.actor).select_related("parent"), customer_id
    )


def _order_table(request, queryset, *, table_class=OrderTable, exclude=(), order_by=None):
    """The table of a page, read only when its rows are rendered: not when they come from the
    cache ({% kept %} in the rows template)."""

    def paged():
        table = table_class(queryset, exclude=exclude, order_by=order_by)
        table.portal_request = request
        return paginate_table(request, table, per_page=PER_PAGE)

    return deferred(paged)


# ------------------------------------------------------------------ all orders (SHOP-4)


@permission_required("orders.view")
def order_list(request):
    order_filter = OrderFilter(
        request.GET, queryset=selectors.order_list(actor=request.actor), request=request
    )
    table = _order_table(request, order_filter.qs)
    template = "orders/partials/_order_rows.html" if request.htmx else "orders/order_list.html"
    return render(request, template, {"filter": order_filter, "table": table})


@permission_required("orders.view")
def order_export(request, file_format: str):
    """The whole filtered table as a file (only .xlsx so far: the format is in the path, so a
    download is never mistaken for a page)."""
    if file_format != "xlsx":
        raise Http404
    order_filter = OrderFilter(
        request.GET, queryset=selectors.order_list(actor=request.actor), request=request
    )
    orders = order_filter.qs.order_by("-created_at", "-pk")
    return xlsx_response(
        filename="orders.xlsx", headers=ORDER_EXPORT_HEADERS, rows=order_export_rows(orders)
    )


@permission_required("orders.view")
def order_detail(request, order_id: int):
    order = get_for_actor(request.actor, selectors.order_detail(actor=request.actor), order_id)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "lines": order.lines.select_related("product"),
            "transitions": order.transitions.select_related("by", "by_organization"),
            "may_decide": can(request.actor, "orders.decide", order),
            "may_provision": can(request.actor, "orders.provision")
            and order.status == "in_progress",
        },
    )


def _decide(request, order_id, service, done):
    order = get_for_actor(request.actor, selectors.order_detail(actor=request.actor), order_id)
    try:
        service(actor=request.actor, order=order)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(request, done % {"number": order.number})
    return redirect(_next_url(request, reverse("orders:detail", args=[order.pk])))


def _next_url(request, default: str) -> str:
    """Back to the page the action came from, when it is one of ours."""
    target = request.POST.get("next", "")
    if target.startswith("/portal/") and "//" not in target and "\\" not in target:
        return target
    return default


@require_POST
@permission_required("orders.approve")
def order_accept(request, order_id: int):
    return _decide(request, order_id, services.order_accept, _("Order %(number)s accepted."))


@require_POST
@permission_required("orders.approve")
def order_cancel(request, order_id: int):
    return _decide(request, order_id, services.order_cancel, _("Order %(number)s canceled."))


@require_POST
@permission_required("orders.provision")
def order_provision(request, order_id: int):
    return _decide(
        request,
        order_id,
        services.order_mark_provisioned,
        _("Order %(number)s is provisioned and executed."),
    )


@permission_required("orders.provision")
def provisioning(request):
    table = _order_table(
        request,
        selectors.provisioning_queue(actor=request.actor),
        exclude=("actions",),
        order_by=("created_at",),  # a work queue: the oldest order first
    )
    return render(request, "orders/provisioning.html", {"table": table})


# ------------------------------------------------------------------ one customer (CUST-4)


def _customer_context(request, customer, *, formset=None):
    actor = request.actor
    orders = selectors.customer_orders(actor=actor, customer=customer)
    order_filter = OrderFilter(request.GET, queryset=orders, request=request)
    return {
        "customer": customer,
        "filter": order_filter,
        "table": _order_table(request, order_filter.qs, exclude=("customer",)),
        "subscriptions": selectors.customer_subscriptions(actor=actor, customer=customer)[:50],
        "assets": selectors.customer_assets(actor=actor, customer=customer)[:50],
        "run_rates": selectors.run_rate_totals(actor, customer=customer),
        "approval": selectors.approval_state(customer=customer),
        "workspace_sections": _sections(actor),
        "may_place": can(actor, "orders.place"),
        "may_manage": can(actor, "subscriptions.manage"),
    }


def _sections(actor):
    labels = dict(WorkspaceSection.choices)
    return [(section, labels[section]) for section in services.workspace_sections_for(actor)]


@permission_required("orders.view")
def customer_orders(request, customer_id: int):
    """A customer's orders, subscriptions and assets; `?partial=1` or htmx gives the section the
    customer record includes."""
    customer = _customer(request, customer_id)
    context = _customer_context(request, customer)
    # sort and page links lead to this page, also from the section on the customer record
    context["table_base"] = reverse("orders:customer_orders", args=[customer.pk])
    if request.htmx and request.htmx.target == "customer-order-rows":  # the section's search
        return render(request, "orders/partials/_order_rows.html", context)
    if request.htmx or request.GET.get("partial") == "1":
        return render(request, "orders/_customer_orders.html", context)
    return render(request, "orders/customer_orders.html", context)


def _catalogue(reseller):
    return selectors.catalogue_for(tier=reseller.tier)


@permission_required("orders.place")
def order_place(request, customer_id: int):
    customer = _customer(request, customer_id)
    products = _catalogue(customer.parent)
    return _place(
        request,
        customer=customer,
        products=products,
        template="orders/order_place.html",
        done=lambda order: reverse("orders:detail", args=[order.pk]),
    )


def _place(request, *, customer, products, template, done):
    kwargs = {"form_kwargs": {"products": products}}
    formset = (
        OrderLineFormSet(request.POST, **kwargs)
        if request.method == "POST"
        else OrderLineFormSet(**kwargs)
    )
    if request.method == "POST" and formset.is_valid():
        try:
            order = services.order_place(
                actor=request.actor,
                customer=customer,
                lines=[
                    services.LineRequest(product_id=product.pk, quantity=quantity)
                    for product, quantity in formset.lines()
                ],
            )
        except SERVICE_ERRORS as error:
            formset._non_form_errors = formset.error_class([service_error_message(error)])
        else:
            messages.success(
                request,
                _("Order %(number)s placed: %(status)s.")
                % {"number": order.number, "status": order.get_status_display()},
            )
            return redirect(done(order))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {"customer": customer, "formset": formset, "products": products},
        status=status,
    )


@require_POST
@permission_required("orders.approve")
def approval_set(request, customer_id: int):
    customer = _customer(request, customer_id)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            services.approval_set(
                actor=request.actor, customer=customer, required=form.cleaned_data["required"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Order approval setting saved."))
    context = {"customer": customer, "approval": selectors.approval_state(customer=customer)}
    if request.htmx:
        return render(request, "orders/_approval_toggle.html", context)
    return redirect(_next_url(request, reverse("orders:customer_orders", args=[customer.pk])))


@require_POST
@permission_required("subscriptions.manage")
def subscription_change(request, subscription_id: int):
    subscription = get_for_actor(request.actor, Subscription, subscription_id)
    form = SubscriptionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
    else:
        try:
            services.subscription_change(
                actor=request.actor, subscription=subscription, action=form.cleaned_data["action"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Subscription updated."))
    return redirect(
        _next_url(request, reverse("orders:customer_orders", args=[subscription.customer_id]))
    )


@permission_required("orders.markup")
def markup(request):
    actor = request.actor
    form = MarkupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.markup_set(
                    actor=actor,
                    product=form.cleaned_data["product"],
                    percent=form.cleaned_data["percent"],
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Markup saved."))
                return redirect("orders:markup")
        status = 400
    markups = Markup.objects.for_actor(actor).filter(reseller=actor.organization)
    return render(
        request,
        "orders/markup.html",
        {"form": form, "markups": markups.select_related("product").order_by("product__name")},
        status=status,
    )


# ------------------------------------------------------------------ quick actions (CUST-7)


@require_POST
@permission_required("workspace.enter")
def workspace_link(request, customer_id: int, section: str):
    """Issue the single-use link and follow it at once: one click on the customer record."""
    customer = _customer(request, customer_id)
    if section not in WorkspaceSection.values:
        raise Http404
    try:
        token = services.workspace_ticket_issue(
            actor=request.actor, customer=customer, section=section
        )
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
        return redirect("orders:customer_orders", customer_id=customer.pk)
    return redirect("workspace:enter", token=token)


@permission_required("workspace.enter")
def workspace_enter(request, token: str):
    try:
        ticket = services.workspace_ticket_redeem(actor=request.actor, token=token)
    except SERVICE_ERRORS:
        raise Http404 from None
    grants = request.session.get(WORKSPACE_SESSION_KEY, {})
    grants[str(ticket.customer_id)] = True
    request.session[WORKSPACE_SESSION_KEY] = grants
    return redirect("workspace:customer", customer_id=ticket.customer_id, section=ticket.section)


@permission_required("workspace.enter")
def workspace_customer(request, customer_id: int, section: str):
    """The distributor's workspace page for one customer. The distributor's own members work here
    directly; a reseller's member arrives through a ticket of this session."""
    customer = _customer(request, customer_id)
    actor = request.actor
    if section not in WorkspaceSection.values:
        raise Http404
    if section not in services.workspace_sections_for(actor):
        raise Http404
    granted = str(customer.pk) in request.session.get(WORKSPACE_SESSION_KEY, {})
    if actor.organization.kind != OrganizationKind.DISTRIBUTOR and not granted:
        raise Http404
    context = {
        "customer": customer,
        "section": section,
        "sections": _sections(actor),
        "orders": selectors.customer_orders(actor=actor, customer=customer)[:50],
        "subscriptions": selectors.customer_subscriptions(actor=actor, customer=customer)[:100],
        "assets": selectors.customer_assets(actor=actor, customer=customer)[:100],
    }
    return render(request, "orders/workspace/customer.html", context)


# ------------------------------------------------------------------ storefront


@permission_required("store.orders.view")
def store_orders(request):
    customer = request.actor.organization
    orders = selectors.customer_orders(actor=request.actor, customer=customer)
    order_filter = OrderFilter(request.GET, queryset=orders, request=request)
    table = _order_table(request, order_filter.qs, table_class=StoreOrderTable)
    return render(
        request,
        "orders/store/order_list.html",
        {
            "filter": order_filter,
            "table": table,
            "subscriptions": selectors.customer_subscriptions(
                actor=request.actor, customer=customer
            )[:50],
            "assets": selectors.customer_assets(actor=request.actor, customer=customer)[:50],
            "may_place": can(request.actor, "store.orders.place"),
        },
    )


@permission_required("store.orders.view")
def store_order_detail(request, order_id: int):
    order = get_for_actor(request.actor, selectors.order_detail(actor=request.actor), order_id)
    return render(
        request,
        "orders/store/order_detail.html",
        {"order": order, "lines": order.lines.select_related("product")},
    )


@permission_required("store.orders.place")
def store_order_place(request):
    customer = request.actor.organization
    return _place(
        request,
        customer=customer,
        products=_catalogue(customer.parent),
        template="orders/store/order_place.html",
        done=lambda order: reverse("store_orders:detail", args=[order.pk]),
    )


def order_status_choices():
    return Order._meta.get_field("status").choices
