"""Changes made in Django's admin write no audit entry through the services: every figure and
kept page part is read afresh after one (the admin records each change as a LogEntry)."""

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import figures


@receiver(post_save, sender=LogEntry, dispatch_uid="figures-after-admin-change")
def admin_changed_something(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(figures.everything_changed)
