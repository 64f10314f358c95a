from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:organization_id>/", views.partner_detail, name="partner"),
    path("activity/", views.audit, name="audit"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:email_id>/", views.outbox_detail, name="outbox_email"),
]
