from django.urls import path

from . import views

app_name = "customers"
USER = "<int:customer_id>/users/<int:storefront_user_id>"
urlpatterns = [
    path("", views.customers, name="list"),
    path("export/", views.customers_export, name="export"),
    path("new/", views.customer_create, name="create"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/active/", views.customer_set_active, name="set_active"),
    path("<int:customer_id>/users/add/", views.storefront_user_add, name="user_add"),
    path(f"{USER}/reset-password/", views.storefront_user_reset, name="user_reset"),
    path(f"{USER}/resend-activation/", views.storefront_user_resend, name="user_resend"),
    path(f"{USER}/deactivate/", views.storefront_user_deactivate, name="user_deactivate"),
    path(f"{USER}/activate/", views.storefront_user_activate, name="user_activate"),
]
