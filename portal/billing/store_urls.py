"""The storefront's invoices, mounted at /store/invoices/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "store_invoices"
urlpatterns = [
    path("", views.store_invoice_list, name="invoices"),
    path("<int:invoice_id>/", views.store_invoice_detail, name="invoice"),
    path("<int:invoice_id>/pdf/", views.store_invoice_pdf, name="invoice_pdf"),
]
