"""My Customers (CUST-1, CUST-4): the reseller's customers and one customer's record."""

from django.shortcuts import render
from django_tables2 import RequestConfig

from portal.access.decorators import permission_required
from portal.core.scoping import get_for_actor
from portal.tenancy.models import OrganizationKind
from portal.tenancy.selectors import customers_of

from .filters import CustomerFilter
from .selectors import customer_list, customer_storefront_users
from .tables import CustomerTable


@permission_required("customers.view")
def customers(request):
    actor = request.actor
    customer_filter = CustomerFilter(request.GET, queryset=customer_list(actor=actor))
    # A reseller's customers all have the same reseller: the column is for distributors.
    exclude = () if actor.organization.kind == OrganizationKind.DISTRIBUTOR else ("reseller",)
    table = CustomerTable(customer_filter.qs, exclude=exclude)
    # RequestConfig reads `sort` and `page`: unknown columns are ignored, a bad page is page 1.
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    template = "customers/partials/_rows.html" if request.htmx else "customers/customer_list.html"
    return render(request, template, {"filter": customer_filter, "table": table})


@permission_required("customers.view")
def customer_detail(request, customer_id: int):
    actor = request.actor
    customer = get_for_actor(
        actor, customers_of(actor).select_related("parent", "details"), customer_id
    )
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "storefront_users": customer_storefront_users(actor=actor, customer=customer),
        },
    )
