from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("company/", views.company, name="company"),
    path("employees/", views.employees, name="employees"),
    path("employees/<int:membership_id>/", views.employee_detail, name="employee"),
    path(
        "employees/<int:membership_id>/active/", views.employee_set_active, name="employee_active"
    ),
    path("activity/", views.activity, name="audit"),
]
