from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.core import views as core_views
from portal.dashboard import views as dashboard_views
from portal.team import views as team_views

# The admin signs in through allauth too: same throttling, audit and two-factor as everywhere.
admin.site.login = secure_admin_login(admin.site.login)

partner_portal = [
    path("", dashboard_views.partner_home, name="home"),
]

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # the sign-in page's language choice (Django's set_language: a cookie until sign-in)
    path("i18n/", include("django.conf.urls.i18n")),
    path("switch/", dashboard_views.switch_membership, name="switch_membership"),
    # only the allauth pages the portal uses: no email page, no sign-up (portal/accounts/urls.py)
    path("accounts/", include("portal.accounts.urls")),
    path("activate/", team_views.activation_resend, name="activation_resend"),
    path("activate/<str:token>/", team_views.activate, name="activate"),
    path("invitations/", team_views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/",
        team_views.invitation_decide,
        name="invitation_decide",
    ),
    path("portal/", include((partner_portal, "portal"))),
    path("portal/", include("portal.team.urls")),
    path("portal/activity/", include("portal.audit.urls")),
    path("portal/customers/", include("portal.customers.urls")),
    path("portal/", include("portal.programs.urls")),
    path("portal/support/", include("portal.support.urls")),
    path("kb/", include("portal.support.public_urls")),
    path("portal/orders/", include("portal.orders.urls")),
    path("portal/billing/", include("portal.billing.urls")),
    path("workspace/", include("portal.orders.workspace_urls")),
    path("profile/", include("portal.profiles.urls")),
    path("console/", include("portal.console.urls")),
    path("store/", include("portal.storefront.urls")),
    path("store/orders/", include("portal.orders.store_urls")),
    path("store/invoices/", include("portal.billing.store_urls")),
    path("store/", include("portal.storefront.public_urls")),
    # the reseller program's public forms: /apply/ and /register/<token>/ (no login)
    path("", include("portal.programs.public_urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
