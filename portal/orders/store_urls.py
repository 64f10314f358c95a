"""The storefront's order pages, mounted at /store/orders/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "store_orders"
urlpatterns = [
    path("", views.store_orders, name="list"),
    path("new/", views.store_order_place, name="place"),
    path("<int:order_id>/", views.store_order_detail, name="detail"),
]
