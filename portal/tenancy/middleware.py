import zoneinfo

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.request_context import origin_from_request, reset_date_format, set_date_format

from .actor import Actor
from .models import Membership, MembershipInvitation

SESSION_MEMBERSHIP_KEY = "active_membership_id"


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

    def _resolve_actor(self, request):
        memberships = list(
            Membership.objects.active()
            .filter(user=request.user, organization__is_active=True)
            .select_related("organization", "organization__parent")
            .order_by("created_at")
        )
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
        request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
        request.memberships = memberships
        request.actor = Actor(
            user=request.user, membership=membership, origin=origin_from_request(request)
        )
        return None
