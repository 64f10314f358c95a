"""Turning a service's refusal into a message at the right form field (SEC-2).

Services refuse with `DomainError` (a business rule, optionally naming a field) or Django's
`ValidationError` (from `full_clean`, naming model fields). Views catch `SERVICE_ERRORS` and hand
the error to `add_service_error`, so every form shows either one the same way.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .exceptions import DomainError

SERVICE_ERRORS = (DomainError, ValidationError)


def add_service_error(form: forms.Form, error: Exception) -> None:
    if isinstance(error, DomainError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in errors:
                form.add_error(target, message)
        return
    form.add_error(None, error)


def service_error_message(error: Exception) -> str:
    """One readable sentence for a refusal shown as a page message rather than at a field."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
