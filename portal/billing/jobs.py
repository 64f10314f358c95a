"""The daily billing run (BILL-2), claimed once per day by portal/core/periodic.py; safe beside
`manage.py billing_run` and on several workers (services.billing_run)."""

from datetime import datetime

from django.utils import timezone

from portal.core.periodic import periodic_job

from .services import billing_run


@periodic_job("billing.run", every="daily")
def billing_run_daily(*, now: datetime):
    return billing_run(today=timezone.localdate(now))
