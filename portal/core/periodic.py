"""Periodic jobs (billing runs, reminders): each registered job runs once per slot of its period,
however many workers run `manage.py run_periodic_jobs`.

An area declares its jobs in its own `jobs` module, found in every installed app on the first run:

    @periodic_job("team.staff_requests_overdue", every="daily")
    def staff_requests_overdue_remind(*, now: datetime) -> None: ...

A slot is a local calendar day ("daily", from midnight in TIME_ZONE), a clock hour ("hourly") or a
`timedelta` counted from the Unix epoch. A worker claims a slot by inserting its PeriodicRun row;
the unique (job, slot_start) constraint makes any other worker's insert fail, so it skips the job.
The job then runs in its own transaction and the row records success or the error.

Runs are at most once per slot: a job that fails (or a worker that dies mid-job) is not retried
in that slot, and slots missed while no worker ran are not caught up; the next slot runs as usual.
Jobs should therefore work from the current state ("every request overdue now"), not from "what
happened since the last run". Task queues (django-tasks) do not live here.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import PeriodicRun

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PERIODS = {"daily": timedelta(days=1), "hourly": timedelta(hours=1)}

JobFunction = Callable[..., object]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: JobFunction
    every: str | timedelta

    def slot_start(self, now: datetime) -> datetime:
        """The start of the slot that `now` falls in."""
        if self.every == "daily":
            return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        period = PERIODS.get(self.every, self.every)
        return EPOCH + ((now - EPOCH) // period) * period


@dataclass(frozen=True)
class JobResult:
    name: str
    status: str
    error: str = ""


_registry: dict[str, PeriodicJob] = {}
_discovered = False


def periodic_job(name: str, *, every: str | timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as the periodic job `name`.

    It is called as `function(now=<aware datetime of this run>)` once per slot of `every`
    ("daily", "hourly" or a timedelta of at least a minute).
    """
    if isinstance(every, str) and every not in PERIODS:
        raise ImproperlyConfigured(
            f"Periodic job {name!r}: every must be 'daily', 'hourly' or a timedelta, not {every!r}."
        )
    if isinstance(every, timedelta) and every < timedelta(minutes=1):
        raise ImproperlyConfigured(f"Periodic job {name!r}: every must be at least a minute.")

    def register(function: JobFunction) -> JobFunction:
        existing = _registry.get(name)
        if existing and _qualified(existing.function) != _qualified(function):
            raise ImproperlyConfigured(
                f"Periodic job {name!r} is registered twice: {_qualified(existing.function)} "
                f"and {_qualified(function)}."
            )
        _registry[name] = PeriodicJob(name=name, function=function, every=every)
        return function

    return register


def registered_jobs() -> list[PeriodicJob]:
    """Every job of every installed app's `jobs` module, by name."""
    _discover()
    return sorted(_registry.values(), key=lambda job: job.name)


def run_due_jobs(now: datetime | None = None) -> list[JobResult]:
    """Run each job whose current slot nobody has claimed yet; returns what ran (and how)."""
    now = now or timezone.now()
    results = []
    for job in registered_jobs():
        slot = job.slot_start(now)
        if PeriodicRun.objects.filter(job=job.name, slot_start=slot).exists():
            continue
        run = _claim(job=job, slot=slot)
        if run is not None:
            results.append(_run(job=job, run=run, now=now))
    return results


def _claim(*, job: PeriodicJob, slot: datetime) -> PeriodicRun | None:
    try:
        # Own savepoint (a transaction, when called outside one: the claim is visible at once to
        # other workers). A second worker's insert waits for this commit, then fails here.
        with transaction.atomic():
            return PeriodicRun.objects.create(
                job=job.name, slot_start=slot, started_at=timezone.now()
            )
    except IntegrityError:
        return None


def _run(*, job: PeriodicJob, run: PeriodicRun, now: datetime) -> JobResult:
    try:
        with transaction.atomic():
            job.function(now=now)
    except Exception:
        logger.exception("Periodic job %s failed (slot %s)", job.name, run.slot_start)
        run.status, run.error = PeriodicRun.Status.FAILED, traceback.format_exc()[-10000:]
    else:
        run.status = PeriodicRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return JobResult(name=job.name, status=run.status, error=run.error)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True


def _qualified(function: JobFunction) -> str:
    return f"{function.__module__}.{function.__qualname__}"
