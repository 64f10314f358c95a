"""The vendor console's catalogue pages (SHOP-1), mounted under /console/orders/."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from portal.access.decorators import permission_required
from portal.core.forms import SERVICE_ERRORS, add_service_error
from portal.core.pagination import paginate_table

from . import services
from .filters import ProductFilter
from .forms import ProductForm
from .models import Product
from .selectors import product_list
from .tables import ProductTable


@permission_required("console.catalog.manage")
def products(request):
    product_filter = ProductFilter(request.GET, queryset=product_list(actor=request.actor))
    table = ProductTable(product_filter.qs)
    paginate_table(request, table, per_page=25)
    return render(
        request, "orders/console/product_list.html", {"filter": product_filter, "table": table}
    )


@permission_required("console.catalog.manage")
def product_edit(request, product_id: int | None = None):
    product = get_object_or_404(Product, pk=product_id) if product_id else None
    if request.method == "POST":
        form = ProductForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            prices = form.prices()
            for key in list(data):
                if key.startswith("cost_"):
                    data.pop(key)
            try:
                saved = services.product_save(
                    actor=request.actor, product=product, prices=prices, **data
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Product %(sku)s saved.") % {"sku": saved.sku})
                return redirect("console:products")
        status = 400
    else:
        form = ProductForm(initial=ProductForm.initial_for(product) if product else None)
        status = 200
    return render(
        request,
        "orders/console/product_form.html",
        {"form": form, "product": product},
        status=status,
    )


urlpatterns = [
    path("products/", products, name="products"),
    path("products/new/", product_edit, name="product_new"),
    path("products/<int:product_id>/", product_edit, name="product"),
]
