from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("export/<str:file_format>/", views.order_export, name="export"),
    path("markup/", views.markup, name="markup"),
    path("provisioning/", views.provisioning, name="provisioning"),
    path("<int:order_id>/", views.order_detail, name="detail"),
    path("<int:order_id>/accept/", views.order_accept, name="accept"),
    path("<int:order_id>/cancel/", views.order_cancel, name="cancel"),
    path("<int:order_id>/provisioned/", views.order_provision, name="provision"),
    path("customers/<int:customer_id>/", views.customer_orders, name="customer_orders"),
    path("customers/<int:customer_id>/new/", views.order_place, name="place"),
    path("customers/<int:customer_id>/approval/", views.approval_set, name="approval"),
    path(
        "customers/<int:customer_id>/workspace/<str:section>/",
        views.workspace_link,
        name="workspace_link",
    ),
    path(
        "subscriptions/<int:subscription_id>/",
        views.subscription_change,
        name="subscription_change",
    ),
]
