"""Public storefront pages (no login): a reseller's storefront sign-in page."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/login/", views.storefront_login, name="storefront_login"),
]
