"""The allauth pages the portal uses, and only those (issue 8, High 1).

`allauth.urls` would also route the email page (add an address, make it primary), email
confirmation, sign-up, login by code and more. Changing the login email is the profile's own flow
(portal/profiles: a link to the new address after the current password), so none of those is
reachable here. A page of allauth that is not listed answers 404.
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa_base
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import path, re_path

urlpatterns = [
    path("login/", account.login, name="account_login"),
    path("logout/", account.logout, name="account_logout"),
    path("inactive/", account.account_inactive, name="account_inactive"),
    # asked by allauth before sensitive steps (turning on two-factor login)
    path("reauthenticate/", account.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account.password_change, name="account_change_password"),
    # where allauth's change page sends someone who has no usable password yet
    path("password/set/", account.password_set, name="account_set_password"),
    path("password/reset/", account.password_reset, name="account_reset_password"),
    path("password/reset/done/", account.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # two-factor login (AUTH-4): TOTP and recovery codes
    path("2fa/", mfa_base.index, name="mfa_index"),
    path("2fa/authenticate/", mfa_base.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", mfa_base.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/totp/activate/", totp.activate_totp, name="mfa_activate_totp"),
    path("2fa/totp/deactivate/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path("2fa/recovery-codes/", recovery_codes.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "2fa/recovery-codes/generate/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]
