"""Periodic jobs: once per slot, failures recorded, and one run when two workers race."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, connections

from portal.core import periodic
from portal.core.models import PeriodicRun

NOON = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)  # 12:00 in Warsaw


@pytest.fixture
def registry(monkeypatch):
    """An empty registry (the real jobs are not discovered) for the test's own jobs."""
    monkeypatch.setattr(periodic, "_registry", {})
    monkeypatch.setattr(periodic, "_discovered", True)
    return periodic._registry


@pytest.fixture
def calls(registry):
    calls = []

    @periodic.periodic_job("test.daily", every="daily")
    def daily(*, now):
        calls.append(("daily", now))

    return calls


def _runs(job):
    return list(PeriodicRun.objects.filter(job=job).order_by("slot_start"))


@pytest.mark.django_db
def test_a_job_runs_once_per_slot(calls):
    results = periodic.run_due_jobs(now=NOON)
    assert results == [periodic.JobResult(name="test.daily", status="succeeded")]
    assert calls == [("daily", NOON)]
    # later the same (Warsaw) day: nothing to do
    assert periodic.run_due_jobs(now=NOON + timedelta(hours=11, minutes=30)) == []
    assert len(calls) == 1
    [run] = _runs("test.daily")
    assert run.status == PeriodicRun.Status.SUCCEEDED and run.finished_at
    assert run.slot_start == datetime(2026, 3, 9, 23, 0, tzinfo=UTC)  # midnight in Warsaw


@pytest.mark.django_db
def test_the_next_slot_runs_again(calls):
    periodic.run_due_jobs(now=NOON)
    next_day = NOON + timedelta(hours=12)  # 00:00 in Warsaw on the 11th
    assert [r.name for r in periodic.run_due_jobs(now=next_day)] == ["test.daily"]
    assert [now for _name, now in calls] == [NOON, next_day]
    assert len(_runs("test.daily")) == 2


@pytest.mark.django_db
def test_hourly_and_timedelta_slots(registry):
    seen = []
    periodic.periodic_job("test.hourly", every="hourly")(lambda *, now: seen.append("h"))
    periodic.periodic_job("test.15min", every=timedelta(minutes=15))(
        lambda *, now: seen.append("q")
    )
    for minute in (0, 10, 14, 15, 59, 60):
        periodic.run_due_jobs(now=NOON + timedelta(minutes=minute))
    assert seen.count("h") == 2  # 11:00 and 12:00 UTC
    assert seen.count("q") == 4  # :00, :15, :45, 12:00
    assert [r.slot_start.minute for r in _runs("test.15min")] == [0, 15, 45, 0]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_block_the_others(registry):
    done = []

    @periodic.periodic_job("test.a_broken", every="daily")
    def broken(*, now):
        PeriodicRun.objects.create(job="written-then-undone", slot_start=now, started_at=now)
        raise ValueError("the billing provider is down")

    periodic.periodic_job("test.b_fine", every="daily")(lambda *, now: done.append(now))

    results = periodic.run_due_jobs(now=NOON)
    assert [(r.name, r.status) for r in results] == [
        ("test.a_broken", "failed"),
        ("test.b_fine", "succeeded"),
    ]
    assert done == [NOON]
    [run] = _runs("test.a_broken")
    assert run.status == PeriodicRun.Status.FAILED
    assert "the billing provider is down" in run.error and run.finished_at
    assert not PeriodicRun.objects.filter(job="written-then-undone").exists()  # rolled back
    # not retried in the same slot
    assert periodic.run_due_jobs(now=NOON + timedelta(hours=1)) == []


def test_bad_periods_and_duplicate_names_are_refused(registry):
    with pytest.raises(ImproperlyConfigured):
        periodic.periodic_job("x", every="weekly")
    with pytest.raises(ImproperlyConfigured):
        periodic.periodic_job("x", every=timedelta(seconds=5))

    def first(*, now):
        pass

    def second(*, now):
        pass

    periodic.periodic_job("x", every="daily")(first)
    periodic.periodic_job("x", every="daily")(first)  # the same function again: a re-import
    with pytest.raises(ImproperlyConfigured):
        periodic.periodic_job("x", every="daily")(second)


@pytest.mark.django_db
def test_jobs_are_discovered_from_the_apps_jobs_modules(monkeypatch):
    monkeypatch.setattr(periodic, "_discovered", False)
    names = [job.name for job in periodic.registered_jobs()]
    assert "team.staff_requests_overdue" in names


@pytest.mark.django_db
def test_the_command_runs_due_jobs_once(calls, capsys):
    call_command("run_periodic_jobs")
    call_command("run_periodic_jobs")
    assert len(calls) == 1
    assert "test.daily: succeeded" in capsys.readouterr().out


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_the_job_exactly_once(registry):
    ran = []

    @periodic.periodic_job("test.race", every="daily")
    def slow(*, now):
        ran.append(threading.get_ident())
        time.sleep(0.3)  # the other worker arrives while this one is still running

    workers = 4
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.extend(periodic.run_due_jobs(now=NOON))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(ran) == 1
    assert [r.status for r in results] == ["succeeded"]
    assert PeriodicRun.objects.filter(job="test.race").count() == 1
