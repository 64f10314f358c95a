"""The distributor's workspace (CUST-7), mounted at /workspace/ (config/urls.py). There is no
separate distributor system here: these pages of the portal stand in for it."""

from django.urls import path

from . import views

app_name = "workspace"
urlpatterns = [
    path("enter/<str:token>/", views.workspace_enter, name="enter"),
    path("customers/<int:customer_id>/<str:section>/", views.workspace_customer, name="customer"),
]
