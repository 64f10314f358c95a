from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse

from portal.audit.services import audit_auth_event
from portal.mail.services import email_queue

EMAIL_MAX_LENGTH = 254  # what an EmailField stores (RFC 5321's path limit)


class PortalSite:
    """What allauth's email templates call the site (no django.contrib.sites here)."""

    name = "Partner Portal"

    @property
    def domain(self) -> str:
        return settings.PORTAL_BASE_URL.split("://", 1)[-1]


class PortalAccountAdapter(DefaultAccountAdapter):
    """No self sign-up (AUTH-1); allauth's emails go through the mail queue like all others."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def clean_email(self, email: str) -> str:
        """allauth's forms accept addresses of 320 characters, a stored address has at most 254
        (the "forgot password" form queues an email to what was typed): refused at the field."""
        email = super().clean_email(email)
        MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
        return email

    def send_mail(self, template_prefix, email, context) -> None:
        request = context.get("request") or allauth_context.request
        # as allauth's own send_mail does: its templates greet "from {{ current_site.name }}"
        ctx = {"email": email, "request": request, "current_site": PortalSite(), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        # allauth's emails carry password-reset and similar one-time links.
        email_queue(
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            sensitive=True,
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The reset link on the one configured base URL, like every other link the portal
        emails (and like the email's footer), not on whatever host the request named."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.PORTAL_BASE_URL + path.replace("UID-KEY", quote(key))

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # No "Successfully signed in as …" on every login: the page itself shows who is in.
        if message_template == "account/messages/logged_in.txt":
            return
        super().add_message(
            request,
            level,
            message_template=message_template,
            message_context=message_context,
            extra_tags=extra_tags,
            message=message,
        )

    def get_login_redirect_url(self, request) -> str:
        return reverse("home")

    def respond_user_inactive(self, request, user):
        audit_auth_event(verb="auth.login_refused_inactive", request=request, user=user)
        return super().respond_user_inactive(request, user)

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            audit_auth_event(
                verb="auth.login_throttled",
                request=request,
                email=str(credentials.get("email", "")),
            )
            raise
