"""The storefront of end customers: their account, and later their orders and invoices."""

from django.shortcuts import render

from portal.access.decorators import permission_required


@permission_required("store.home")
def home(request):
    customer = request.actor.organization
    return render(
        request,
        "storefront/home.html",
        {
            "customer": customer,
            "reseller": customer.parent,
        },
    )
