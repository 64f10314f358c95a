"""An audit event as a person reads it, in the reader's language.

Events store codes (`level: "sales"`, `features: ["customers"]`, `changed: ["tax_id"]`); this
module turns them into translated lines ("Level: Sales / Designer → IT / Tech support") when the
page is rendered, so the same entry reads right in English, Polish and Hungarian. Field names are
looked up in the installed models' verbose names, choice values in those fields' choices, levels
and roles in the tenancy choices, features in the access policy; the audit app names no area.
"""

from __future__ import annotations

import re
from functools import cache

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access.policies import Feature
from portal.core.choices import label_of
from portal.tenancy.models import CustomerRole, Level, VendorRole

# Keys of `data` and how they are labelled. Keys not listed fall back to a model field's
# verbose name, then to the key with spaces.
KEY_LABELS = {
    "level": gettext_lazy("Level"),
    "role": gettext_lazy("Level"),
    "features": gettext_lazy("Feature access"),
    "email": gettext_lazy("Email"),
    "reason": gettext_lazy("Reason"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "through": gettext_lazy("Through"),
    "part": gettext_lazy("Part"),
    "fields": gettext_lazy("Changed"),
    "changed": gettext_lazy("Changed"),
    "password_changed": gettext_lazy("Password changed"),
    "removed": gettext_lazy("Removed"),
    "sent": gettext_lazy("Email sent"),
    "values": gettext_lazy("Values"),
    "path": gettext_lazy("Page"),
}
# Keys kept for investigators (the raw codes stay in the row) but not shown as a line.
HIDDEN_KEYS = frozenset({"permission", "method"})
# Free-text codes some services store as values.
VALUE_LABELS = {
    "invitation": gettext_lazy("invitation"),
    "password reset": gettext_lazy("password reset"),
    "personal": gettext_lazy("Personal information"),
    "preferences": gettext_lazy("Communication preferences"),
    "forum": gettext_lazy("Forum login"),
}
_FIELD_LIST_KEYS = frozenset({"fields", "changed"})
# Records written before the trail stored readable names: "Ann <a@x> @ Org (basic)" and
# "Ann <a@x> for Org" read as the person alone.
_LEGACY_REPR = re.compile(r"^(?P<who>.+?>)(?: @ .+ \(\w+\)| for .+)$")


@cache
def _model_fields() -> dict[str, object]:
    """Field name → a model field with that name (the first with a choice list wins)."""
    found: dict[str, object] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not hasattr(field, "verbose_name") or field.auto_created:
                continue
            current = found.get(field.name)
            if current is None or (field.choices and not current.choices):
                found[field.name] = field
    return found


def _role_label(value) -> str:
    for choices in (Level, VendorRole, CustomerRole):
        if value in choices.values:
            return str(choices(value).label)
    return str(value)


def _feature_label(value) -> str:
    return str(Feature(value).label) if value in Feature.values else str(value)


def key_label(key: str) -> str:
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = _model_fields().get(key)
    if field is not None:
        label = str(field.verbose_name)
        return label[:1].upper() + label[1:]
    return str(key).replace("_", " ").capitalize()


def value_label(key: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ("level", "role"):
        return _role_label(value)
    if key == "features":
        return ", ".join(_feature_label(v) for v in value) if isinstance(value, list) else "—"
    if key in _FIELD_LIST_KEYS and isinstance(value, list):
        return ", ".join(key_label(v).lower() for v in value)
    if isinstance(value, list | tuple):
        return ", ".join(value_label("", v) for v in value)
    if isinstance(value, str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    field = _model_fields().get(key)
    if field is not None and getattr(field, "choices", None):
        return str(label_of(field, value))
    return str(value)


def detail_lines(data) -> list[str]:
    """Translated lines for an event's data: one per change or fact."""
    if not isinstance(data, dict):
        return []
    lines = []
    before, after = data.get("before"), data.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after:
            old, new = before.get(key), after.get(key)
            if old != new:
                lines.append(f"{key_label(key)}: {value_label(key, old)} → {value_label(key, new)}")
    for key, value in data.items():
        if key in ("before", "after") or key in HIDDEN_KEYS:
            continue
        lines.append(f"{key_label(key)}: {value_label(key, value)}")
    return lines


def record_label(target_repr: str) -> str:
    match = _LEGACY_REPR.match(target_repr or "")
    return match.group("who") if match else target_repr
