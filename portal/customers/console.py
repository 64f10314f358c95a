"""The customers area's vendor-console pages, mounted under /console/customers/: every customer
with its reseller (search, filter, sort, paging) and a customer's page where the partner desk
helps storefront users (resend activation, reset password, deactivate, activate)."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.core.pagination import paginate_table

from . import views
from .filters import CustomerFilter
from .selectors import customer_get, customer_history, customer_list
from .tables import CustomerTable


@permission_required("console.customers.view")
def customer_list_page(request):
    customer_filter = CustomerFilter(request.GET, queryset=customer_list(actor=request.actor))
    table = CustomerTable(customer_filter.qs, detail_url_name="console:customers_detail")
    paginate_table(request, table, per_page=25)
    template = (
        "customers/partials/_console_rows.html"
        if request.htmx
        else "customers/console/customer_list.html"
    )
    return render(request, template, {"filter": customer_filter, "table": table})


@permission_required("console.customers.view")
def customer_page(request, customer_id: int):
    actor = request.actor
    customer = customer_get(actor=actor, customer_id=customer_id)
    may_manage = can(actor, "customers.record.manage", customer)
    users_filter, users_table = views._storefront_table(  # noqa: SLF001 - same area
        request, customer, may_manage, url_prefix="console:customers_"
    )
    return render(
        request,
        "customers/console/customer_detail.html",
        {
            "customer": customer,
            "users_filter": users_filter,
            "users_table": users_table,
            "history": customer_history(actor=actor, customer=customer)[:20],
        },
    )


def _action(name):
    @require_POST
    @permission_required("console.customers.help")
    def view(request, customer_id: int, storefront_user_id: int):
        return views._storefront_action(  # noqa: SLF001 - same area
            request, customer_id, storefront_user_id, name, back="console:customers_detail"
        )

    view.__name__ = f"console_user_{name}"
    return view


USER = "<int:customer_id>/users/<int:storefront_user_id>"
urlpatterns = [
    path("", customer_list_page, name="customers_list"),
    path("<int:customer_id>/", customer_page, name="customers_detail"),
    path(f"{USER}/reset-password/", _action("reset"), name="customers_user_reset"),
    path(f"{USER}/resend-activation/", _action("resend"), name="customers_user_resend"),
    path(f"{USER}/deactivate/", _action("deactivate"), name="customers_user_deactivate"),
    path(f"{USER}/activate/", _action("activate"), name="customers_user_activate"),
]
