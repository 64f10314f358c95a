from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("", views.invoice_list, name="invoices"),
    path("<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("customers/<int:customer_id>/", views.customer_billing, name="customer_billing"),
]
