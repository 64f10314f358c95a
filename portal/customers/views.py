"""My Customers (CUST-1, CUST-4): the reseller's customers and one customer's record."""

from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.core.pagination import paginate
from portal.tenancy.selectors import customers_of, get_for_actor

from .selectors import customer_list, customer_storefront_users


@permission_required("customers.view")
def customers(request):
    search = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "name")
    page = paginate(request, customer_list(actor=request.actor, search=search, sort=sort))
    template = "customers/partials/_rows.html" if request.htmx else "customers/customer_list.html"
    return render(request, template, {"page": page, "search": search, "sort": sort})


@permission_required("customers.view")
def customer_detail(request, customer_id: int):
    customer = get_for_actor(customers_of(request.actor).select_related("parent"), customer_id)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "storefront_users": customer_storefront_users(customer=customer),
        },
    )
