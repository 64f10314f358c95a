"""Two people at once: case numbers stay unique and gap-free, a slot is booked once, a coupon's
last use is taken once. Runs on SQLite (immediate transactions) and PostgreSQL (row locks and
conditional updates) alike; the test database is a file, so threads get their own connections."""

import threading
from datetime import timedelta
from decimal import Decimal

from django.db import connections
from django.utils import timezone

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.support import services
from portal.support.models import Case, Coupon, LiveSessionBooking
from portal.tenancy.models import VendorRole


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", call()))
        except DomainError as error:
            outcomes.append(("refused", error))
        except Exception as error:
            outcomes.append(("crashed", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_case_references_are_unique_and_gap_free_under_concurrency(transactional_db):
    tenant = make_tenant("Race Resale", customers=0)
    levels = ["basic", "sales", "it", "manager", "primary"]
    outcomes = _race(
        *[
            (
                lambda level=level: services.case_create(
                    actor=tenant.actor(level), subject="At once", description="Same moment"
                )
            )
            for level in levels
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * len(levels), outcomes
    numbers = sorted(int(ref[-6:]) for ref in Case.objects.values_list("reference", flat=True))
    assert numbers == list(range(1, len(levels) + 1))


def test_two_people_booking_one_slot_one_wins_the_other_is_told(transactional_db):
    a, b = make_tenant("Race A", customers=0), make_tenant("Race B", customers=0)
    tech = actor_for(make_vendor_member(VendorRole.SUPPORT, email="t@vendor.test"))
    slot = services.slot_publish(
        actor=tech,
        kind="training",
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=60,
        price=Decimal("50"),
    )
    outcomes = _race(
        lambda: services.session_book(actor=a.actor("basic"), slot=slot),
        lambda: services.session_book(actor=b.actor("basic"), slot=slot),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refused = next(error for kind, error in outcomes if kind == "refused")
    assert "someone has just booked" in str(refused)
    assert LiveSessionBooking.objects.count() == 1


def test_the_last_coupon_use_is_taken_once(transactional_db):
    tenant = make_tenant("Race C", customers=0)
    tech = actor_for(make_vendor_member(VendorRole.SUPPORT, email="t@vendor.test"))
    today = timezone.localdate()
    services.contract_update(
        actor=tech,
        organization=tenant.organization,
        initial_support_start=today,
        initial_support_end=today + timedelta(days=30),
    )
    services.coupon_create(
        actor=tech, organization=tenant.organization, code="ONCE", discount_percent=100, max_uses=1
    )
    slots = [
        services.slot_publish(
            actor=tech,
            kind="training",
            starts_at=timezone.now() + timedelta(days=2, hours=i),
            duration_minutes=60,
            price=Decimal("50"),
        )
        for i in range(2)
    ]
    outcomes = _race(
        lambda: services.session_book(
            actor=tenant.actor("basic"), slot=slots[0], coupon_code="ONCE"
        ),
        lambda: services.session_book(
            actor=tenant.actor("sales"), slot=slots[1], coupon_code="ONCE"
        ),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    assert Coupon.objects.get().uses == 1
