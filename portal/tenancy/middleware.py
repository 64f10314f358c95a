import time
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.request_context import origin_from_request, reset_date_format, set_date_format

from .actor import Actor
from .models import MembershipInvitation
from .selectors import active_memberships_of

SESSION_MEMBERSHIP_KEY = "active_membership_id"
SESSION_LAST_SEEN_KEY = "last_seen"
# The last-seen time is written at most this often, so that reading pages does not mean writing
# the session on every request.
LAST_SEEN_RESOLUTION_SECONDS = 60


def idle_limit_minutes(realm: str) -> int:
    """How long a session may sit unused: shorter for vendor staff, who can see every partner."""
    if realm == "vendor":
        return settings.PORTAL_VENDOR_SESSION_IDLE_MINUTES
    return settings.PORTAL_SESSION_IDLE_MINUTES


class ActorMiddleware:
    """Sets `request.actor` from the session's active membership (ORG-2).

    A person whose last active membership was deactivated is signed out on this request (ORG-3),
    unless an invitation waits for their answer: then they reach only the invitation pages.
    A pending invitation is never offered as a membership.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        date_format_token = set_date_format("")
        try:
            request.actor = None
            request.memberships = []
            if request.user.is_authenticated:
                response = self._resolve_actor(request)
                if response is not None:
                    return response
                self._activate_preferences(request)
            return self.get_response(request)
        finally:
            timezone.deactivate()
            reset_date_format(date_format_token)

    @staticmethod
    def _activate_preferences(request) -> None:
        """Pages speak the person's language and show times in their time zone (PROF-1)."""
        user = request.user
        set_date_format(user.date_format)
        if user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()

    @staticmethod
    def _idle_expired(request, realm: str):
        """End a session left unused longer than the realm's idle limit (ASVS V7.3)."""
        now = int(time.time())
        last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
        minutes = idle_limit_minutes(realm)
        if last_seen is not None and now - last_seen > minutes * 60:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. "
                    "Sign in again to continue.",
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Sign in again to continue.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return redirect_to_login(request.get_full_path())
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            request.session[SESSION_LAST_SEEN_KEY] = now
        return None

    def _resolve_actor(self, request):
        # read with the person by the authentication backend (accounts.backends), else here
        memberships = getattr(request.user, "active_memberships", None)
        if memberships is None:
            memberships = active_memberships_of(request.user.pk)
        if not memberships:
            if request.user.is_superuser:
                return None
            if (
                MembershipInvitation.objects.pending()
                .filter(user=request.user, organization__is_active=True)
                .exists()
            ):
                # Someone with no membership to work in yet, only invitations: they may answer
                # them (and log out), nothing else. A pending invitation is never an actor.
                if request.path_info.startswith(reverse("invitations")) or (
                    request.path_info == reverse("account_logout")
                ):
                    return None
                return redirect("invitations")
            logout(request)
            messages.error(request, _("Your access to the portal has been deactivated."))
            return redirect("account_login")
        wanted = request.session.get(SESSION_MEMBERSHIP_KEY)
        membership = next((m for m in memberships if m.pk == wanted), memberships[0])
        if wanted != membership.pk:  # written only when it changes: a page view is no write
            request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
        expired = self._idle_expired(request, membership.organization.realm)
        if expired is not None:
            return expired
        request.memberships = memberships
        request.actor = Actor(
            user=request.user, membership=membership, origin=origin_from_request(request)
        )
        return None
