from allauth.account.auth_backends import AuthenticationBackend

from portal.tenancy.selectors import active_memberships_of


class MemberAuthenticationBackend(AuthenticationBackend):
    """Email + password login.

    A deactivated person whose password is right is let through to allauth, which then answers
    with its "account inactive" page (a clear message, AUTH-5) instead of a wrong-password one.
    Sessions of a deactivated person are refused on their very next request by `get_user`.
    """

    def user_can_authenticate(self, user) -> bool:
        return True

    def get_user(self, user_id):
        """The person of a session, read together with their active memberships: one query on
        every signed-in request instead of two (ActorMiddleware takes the memberships from
        `user.active_memberships`)."""
        memberships = active_memberships_of(user_id)
        user = memberships[0].user if memberships else super().get_user(user_id)
        if user is None or not user.is_active:
            return None
        user.active_memberships = memberships
        return user
