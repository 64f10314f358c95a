"""The support area's periodic jobs: the reminder of cases waiting for the partner (SUP-4)."""

from datetime import datetime, timedelta

from portal.core.periodic import periodic_job

from .models import WAITING_REMINDER_DAYS, Case
from .services import case_waiting_remind


@periodic_job("support.waiting_cases_remind", every="daily")
def waiting_cases_remind(*, now: datetime) -> int:
    """Email the partner of every case waiting for them 7 days or more, once per wait."""
    due = Case.objects.filter(
        status=Case.Status.WAITING,
        reminded_at__isnull=True,
        waiting_since__lte=now - timedelta(days=WAITING_REMINDER_DAYS),
        channel=Case.Channel.PORTAL,
    ).select_related("created_by")
    return sum(1 for case in due if case_waiting_remind(case=case, now=now))
