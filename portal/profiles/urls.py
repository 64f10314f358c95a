from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("personal/", views.personal, name="personal"),
    path("preferences/", views.preferences, name="preferences"),
    path("forum/", views.forum, name="forum"),
    path("forum/open/", views.forum_open, name="forum_open"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
]
