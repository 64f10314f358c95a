from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("leads/", views.leads, name="leads"),
    path("leads/new/", views.lead_add, name="lead_add"),
    path("leads/link/rotate/", views.link_rotate, name="link_rotate"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead"),
    path("leads/<int:lead_id>/requests/", views.lead_request, name="lead_request"),
    path("program-terms/", views.terms, name="terms"),
]
