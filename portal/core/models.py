"""Abstract bases shared by every area's models, and the rows of the shared machinery."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sequence(models.Model):
    """The last number handed out of one named yearly sequence (portal/core/sequences.py)."""

    name = models.CharField(max_length=50)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="core_sequence_name_year"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.last_value}"
