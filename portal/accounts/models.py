"""A person: one email login. What they may do comes from their memberships (tenancy)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from portal.core.validators import validate_single_line


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
            user.activated_at = timezone.now()
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class DateFormat(models.TextChoices):
        ISO = "Y-m-d", "2026-12-31"
        EUROPEAN = "d.m.Y", "31.12.2026"
        SLASHED = "d/m/Y", "31/12/2026"
        US = "m/d/Y", "12/31/2026"
        HUNGARIAN = "Y.m.d.", "2026.12.31."

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, validators=[validate_single_line])
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True, validators=[validate_single_line]
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default="en",
        choices=[("en", "English"), ("pl", "Polski"), ("hu", "Magyar")],
    )
    date_format = models.CharField(
        _("date format"), max_length=8, choices=DateFormat, default=DateFormat.ISO
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Warsaw")
    # Communication preferences (PROF-1): what the person agrees to receive by email.
    newsletter = models.BooleanField(_("newsletter"), default=True)
    update_notices = models.BooleanField(_("software update notices"), default=True)
    case_emails = models.BooleanField(_("support case emails"), default=True)
    # Login is refused at once when False; set from the memberships (see team.services).
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every open session of the person at once (deactivation, ORG-3).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # None until the person follows their activation link and sets a password.
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        indexes = [
            models.Index(Lower("full_name"), name="user_full_name_lower"),
            # employee lists sorted by name: read in order, no sort of a 10,000-person company
            models.Index(fields=["full_name", "id"], name="user_full_name_id"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def is_activated(self) -> bool:
        return self.activated_at is not None

    def get_session_auth_hash(self) -> str:
        """Django checks this on every request; a new epoch makes all old sessions invalid."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "portal.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "full_name" in update_fields):
            # the copy each membership sorts by (tenancy.Membership.person_name); the person's
            # own rows, whatever the reader's scope
            self.memberships.exclude(person_name=self.full_name).update(person_name=self.full_name)
        if not adding and (update_fields is None or "activated_at" in update_fields):
            activated = self.activated_at is not None
            self.memberships.exclude(person_activated=activated).update(person_activated=activated)
