"""The knowledge base (SUP-6): public articles readable without login, at /kb/."""

from django.urls import path

from . import views

app_name = "kb"
urlpatterns = [
    path("", views.kb, name="list"),
    path("<int:article_id>/", views.kb_article, name="article"),
]
