from allauth.account.auth_backends import AuthenticationBackend


class MemberAuthenticationBackend(AuthenticationBackend):
    """Email + password login.

    A deactivated person whose password is right is let through to allauth, which then answers
    with its "account inactive" page (a clear message, AUTH-5) instead of a wrong-password one.
    Sessions of a deactivated person are refused on their very next request by `get_user`.
    """

    def user_can_authenticate(self, user) -> bool:
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None and not user.is_active:
            return None
        return user
