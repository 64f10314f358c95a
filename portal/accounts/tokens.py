"""Password reset links (allauth's `ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR`).

allauth's default generator writes an unverified EmailAddress row each time it makes or checks a
token, so an anonymous "forgot password" request (or a made-up reset link) left a row that made
allauth refuse two-factor enrolment (issue 8, Medium 2). This one only reads: the link still dies
when the password, the last login or the login email changes.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator as DjangoGenerator


class PasswordResetTokenGenerator(DjangoGenerator):
    def _make_hash_value(self, user, timestamp) -> str:
        return f"{super()._make_hash_value(user, timestamp)}|{user.email.lower()}"
