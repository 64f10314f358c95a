"""The reseller program's public pages (no login): the application form (PROG-1) and each
reseller's client registration form (PROG-4)."""

from django.urls import path

from . import views

app_name = "public_programs"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.applied, name="applied"),
    path("register/<str:token>/", views.register, name="register"),
    path("register/<str:token>/thanks/", views.registered, name="registered"),
]
