"""What a person keeps about themselves beyond the User row: the legacy forum login (PROF-2).

The personal information and communication preferences live on `accounts.User`; a pending change
of the login email is an `EmailChangeRequest` until its link is followed.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.fields import EncryptedTextField
from portal.core.models import TimeStampedModel
from portal.core.validators import validate_single_line

FORUM_PASSWORD_MAX_LENGTH = 256


class ForumCredential(TimeStampedModel):
    """A person's user name and password for the vendor's legacy forum.

    The password is stored encrypted (`EncryptedTextField`, SEC-3): it is read only to sign the
    person in to the forum, and never shown back on a page.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_credential",
        verbose_name=_("person"),
    )
    username = models.CharField(
        _("forum user name"), max_length=150, validators=[validate_single_line]
    )
    # The clear text is limited as the form limits it (the stored token is longer).
    password = EncryptedTextField(
        _("forum password"),
        editable=False,
        validators=[MaxLengthValidator(FORUM_PASSWORD_MAX_LENGTH)],
    )

    class Meta:
        verbose_name = _("forum credentials")
        verbose_name_plural = _("forum credentials")

    def __str__(self) -> str:
        return f"{self.username} ({self.user.email})"


class EmailChangeRequest(models.Model):
    """A person asked to sign in with another address: a single-use, expiring link went to that
    address (issue 8, High 1). Only the link's hash is stored, as for activation links."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_change_requests"
    )
    new_email = models.EmailField(_("new email"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"email change for {self.user_id}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and timezone.now() < self.expires_at
