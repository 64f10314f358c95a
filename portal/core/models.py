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


class PeriodicRun(models.Model):
    """One run of one periodic job in one slot (portal/core/periodic.py).

    The row is the claim: the unique (job, slot_start) pair lets only one worker run a slot.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "running"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"

    job = models.CharField(max_length=100)
    slot_start = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.RUNNING)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-slot_start", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot_start"], name="core_periodicrun_one_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot_start:%Y-%m-%d %H:%M} ({self.status})"
