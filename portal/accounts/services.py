"""Writes about a login itself: which email address it signs in with, and that it is proven.

allauth keeps its own EmailAddress rows next to `User.email`; the portal keeps exactly one per
person, the login email, primary and verified once the person has proven it (activation link,
completed password reset, a followed email-change link). Nothing an anonymous visitor does writes
a row here, so nothing they do can block two-factor enrolment (issue 8, Medium 2).
"""

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.core.exceptions import DomainError

from .models import User
from .selectors import login_email_taken


@transaction.atomic
def login_email_mark_verified(*, user: User) -> EmailAddress:
    """The person proved they read mail at their login email: it is their only, verified row.

    Rows for any other address (left by allauth's email page, now closed) are removed: they let
    that address sign in and reset the password, and an unverified one blocks two-factor login.
    """
    email = user.email.lower()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(user=user, email=email)
    address.email, address.primary, address.verified = email, True, True
    address.save()
    return address


@transaction.atomic
def login_email_change(*, user: User, new_email: str) -> User:
    """Switch the login to an address the person has just proven (portal/profiles runs the flow,
    checks the password and the link, tells the old address and audits)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email = User.objects.normalize_email(new_email).lower()
    if login_email_taken(email=email, exclude=user):
        raise DomainError(_("This address can no longer be used for your login."))
    user.email = email
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():  # another login took it in the same instant
            user.save(update_fields=["email"])
            login_email_mark_verified(user=user)
    except IntegrityError:
        raise DomainError(_("This address can no longer be used for your login.")) from None
    return user
