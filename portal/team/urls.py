from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("company/", views.company, name="company"),
    path("company/info/", views.company_info, name="company_info"),
    path("company/billing/", views.company_billing, name="company_billing"),
    path("resellers/", views.resellers, name="resellers"),
    path(
        "resellers/<int:organization_id>/payment-method/",
        views.reseller_payment_method,
        name="reseller_payment_method",
    ),
    path("employees/", views.employees, name="employees"),
    path("employees/requests/", views.staff_requests, name="staff_requests"),
    path(
        "employees/requests/<int:staff_request_id>/withdraw/",
        views.staff_request_withdraw,
        name="staff_request_withdraw",
    ),
    path("employees/<int:membership_id>/", views.employee_detail, name="employee"),
    path(
        "employees/<int:membership_id>/active/", views.employee_set_active, name="employee_active"
    ),
    path(
        "employees/<int:membership_id>/activation/",
        views.employee_resend_activation,
        name="employee_activation",
    ),
]
