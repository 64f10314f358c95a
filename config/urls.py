from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.core import views as core_views

partner_portal = [
    path("", core_views.partner_home, name="home"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("switch/", core_views.switch_membership, name="switch_membership"),
    path("accounts/", include("allauth.urls")),
    path("portal/", include((partner_portal, "portal"))),
    path("portal/", include("portal.team.urls")),
    path("portal/customers/", include("portal.customers.urls")),
    path("console/", include("portal.console.urls")),
    path("store/", include("portal.storefront.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
