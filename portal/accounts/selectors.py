"""Reads about logins that more than one area needs."""

from allauth.account.models import EmailAddress

from .models import User


def login_email_taken(*, email: str, exclude: User | None = None) -> bool:
    """Whether an address belongs to a login (its login email or one of allauth's rows)."""
    users = User.objects.filter(email__iexact=email)
    rows = EmailAddress.objects.filter(email__iexact=email)
    if exclude is not None:
        users, rows = users.exclude(pk=exclude.pk), rows.exclude(user=exclude)
    return users.exists() or rows.exists()
