from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:organization_id>/", views.partner_detail, name="partner"),
    path(
        "partners/<int:organization_id>/employees/",
        views.partner_employee_add,
        name="partner_employee_add",
    ),
    path(
        "partners/<int:organization_id>/manager/",
        views.partner_manager_transfer,
        name="partner_manager_transfer",
    ),
    path("staff-requests/", views.staff_requests, name="staff_requests"),
    path(
        "staff-requests/<int:staff_request_id>/",
        views.staff_request_decide,
        name="staff_request_decide",
    ),
    path("activity/", views.audit, name="audit"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:email_id>/", views.outbox_detail, name="outbox_email"),
]
