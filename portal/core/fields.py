"""Model fields of the ground floor: `EncryptedTextField` for secrets kept at rest (SEC-3).

In Python the value is the clear text; in the database it is a Fernet token of
`portal.core.crypto`, made with the newest key and readable with any configured key. Each save
makes a new token (Fernet is randomised), so the column cannot be searched or compared in SQL:
filter on it only for emptiness. `rotate_encrypted_fields()` re-encrypts every such column of every
installed model with the newest key (`manage.py rotate_secrets`).
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from .crypto import decrypt_text, encrypt_text, rotate_text


class Ciphertext(str):
    """A value that is already a token: the field stores it as it is, never encrypting twice."""


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted; None and "" are stored as they are (nothing to hide)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or isinstance(value, Ciphertext):
            return value
        return Ciphertext(encrypt_text(value))


def encrypted_fields() -> list[EncryptedTextField]:
    """Every concrete EncryptedTextField of every installed model with a table of its own."""
    return [
        field
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


@transaction.atomic
def rotate_encrypted_fields() -> int:
    """Re-encrypt every stored EncryptedTextField value with the newest key; returns how many.

    The tokens are rotated as they are in the database (no clear text in between) under row locks.
    """
    count = 0
    for field in encrypted_fields():
        model, column = field.model, field.attname
        # Read the raw token: the plain TextField output skips the field's decryption.
        raw = ExpressionWrapper(F(column), output_field=models.TextField())
        rows = (
            model._base_manager.select_for_update()
            .exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .annotate(_token=raw)
            .values_list("pk", "_token")
            .order_by("pk")
        )
        for pk, token in rows.iterator():
            rotated = Value(rotate_text(token), output_field=models.TextField())
            model._base_manager.filter(pk=pk).update(**{column: rotated})
            count += 1
    return count
