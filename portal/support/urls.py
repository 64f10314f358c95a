from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("paid/", views.paid_support, name="paid_support"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/follow/", views.case_follow, name="case_follow"),
    path(
        "cases/<int:case_id>/files/<int:attachment_id>/",
        views.case_attachment,
        name="case_attachment",
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:slot_id>/book/", views.session_book, name="session_book"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<int:download_id>/", views.download_file, name="download"),
    path("downloads/<int:download_id>/request/", views.download_request, name="download_request"),
]
