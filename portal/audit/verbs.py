"""The audit trail's vocabulary. Each area declares its verbs as TextChoices in its own
`verbs.py` (`VERBS = TheAreaVerb`); they are collected here at start-up, so this module names no
area. The verbs of sign-in and refusals, which belong to no area, are declared here."""

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, str] = {}
# Verbs whose entries record something that changed no data shown anywhere but in the trail
# (a sign-in, a refusal, an export): an area names its own in its `TRAIL_ONLY`. Kept figures and
# page parts stay kept after them (portal/access/figures.py: the trail version).
TRAIL_ONLY_VERBS: set[str] = set()
# LABELS translated, per language; register() empties it
_translated: dict[str | None, dict[str, str]] = {}


class AuthVerb(models.TextChoices):
    LOGIN = "auth.login", _("Signed in")
    LOGOUT = "auth.logout", _("Signed out")
    LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    LOGIN_THROTTLED = "auth.login_throttled", _("Sign-in blocked: too many attempts")
    LOGIN_REFUSED_INACTIVE = "auth.login_refused_inactive", _("Sign-in refused: deactivated")
    ACCESS_REFUSED = "access.refused", _("Page refused")
    PASSWORD_RESET = "auth.password_reset", _("Password reset by email")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")


VERBS = AuthVerb
# nobody's name, address or data changes; the last sign-in is shown nowhere but in the trail
TRAIL_ONLY = (
    AuthVerb.LOGIN,
    AuthVerb.LOGOUT,
    AuthVerb.LOGIN_FAILED,
    AuthVerb.LOGIN_THROTTLED,
    AuthVerb.LOGIN_REFUSED_INACTIVE,
    AuthVerb.ACCESS_REFUSED,
)


def register(choices: type[models.TextChoices], *, trail_only=()) -> None:
    for value, label in choices.choices:
        if value in LABELS:
            raise ImproperlyConfigured(f"The audit verb {value!r} is declared twice.")
        LABELS[value] = label
    for verb in trail_only:
        if str(verb) not in LABELS:
            raise ImproperlyConfigured(f"The trail-only verb {verb!r} is not declared.")
        TRAIL_ONLY_VERBS.add(str(verb))
    _translated.clear()


def labels_in_active_language() -> dict[str, str]:
    """Every verb's label in the active language, translated once per language and process:
    a page of the activity log names 50 verbs and offers all of them in its filter."""
    language = get_language()
    labels = _translated.get(language)
    if labels is None:
        labels = _translated[language] = {verb: str(label) for verb, label in LABELS.items()}
    return labels


def verb_label(verb: str) -> str:
    return labels_in_active_language().get(verb, verb)
