"""Two vendor staff deciding the same thing at the same moment: exactly one wins.

On PostgreSQL the row locks (select_for_update) order them; on SQLite, which has no row locks,
every transaction starts IMMEDIATE with a busy timeout (config/settings/base.py), so the second
writer waits for the first and then sees the decision, instead of failing with "database is
locked". The test settings keep SQLite's test database in a file, so threads get their own
connections on both databases.
"""

import threading

from django.db import connections

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.team import services
from portal.team import services as membership_services
from portal.team.models import StaffRequest
from portal.tenancy.models import Level, Membership, VendorRole


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", call()))
        except DomainError as error:
            outcomes.append(("refused", error))
        except Exception as error:  # "database is locked" must not be what the loser sees
            outcomes.append(("crashed", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_approve_and_reject_at_once_only_one_wins(transactional_db):
    tenant = make_tenant("Race Resale", customers=0)
    request = services.staff_request_file(
        actor=tenant.actor("primary"),
        full_name="Racer",
        email="racer@race.test",
        level=Level.BASIC,
    )
    first = actor_for(make_vendor_member(VendorRole.ADMIN, email="a@vendor.test"))
    second = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER, email="b@vendor.test"))
    outcomes = _race(
        lambda: services.staff_request_approve(actor=first, staff_request=request),
        lambda: services.staff_request_approve(actor=second, staff_request=request),
        lambda: services.staff_request_reject(actor=second, staff_request=request, reason="No"),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused", "refused"]
    assert Membership.objects.filter(user__email="racer@race.test").count() <= 1
    request.refresh_from_db()
    assert request.status != StaffRequest.Status.PENDING


def test_two_manager_transfers_at_once_leave_one_manager(transactional_db):
    tenant = make_tenant("Transfer Resale", customers=0)
    vendor = actor_for(make_vendor_member(VendorRole.ADMIN, email="t@vendor.test"))
    outcomes = _race(
        lambda: membership_services.company_manager_transfer(
            actor=vendor, to=tenant.members["manager"]
        ),
        lambda: membership_services.company_manager_transfer(actor=vendor, to=tenant.members["it"]),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    managers = Membership.objects.filter(organization=tenant.organization, is_company_manager=True)
    assert managers.count() == 1
    assert managers.get().user.email in ("manager@transferresale.test", "it@transferresale.test")


def test_two_decisions_at_once_give_one_success_and_one_clear_refusal(transactional_db):
    """The loser of two simultaneous decisions is told the request was decided (on SQLite too)."""
    tenant = make_tenant("Decide Resale", customers=0)
    request = services.staff_request_file(
        actor=tenant.actor("primary"),
        full_name="Decided Twice",
        email="twice@decide.test",
        level=Level.BASIC,
    )
    first = actor_for(make_vendor_member(VendorRole.ADMIN, email="d1@vendor.test"))
    second = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER, email="d2@vendor.test"))
    outcomes = _race(
        lambda: services.staff_request_approve(actor=first, staff_request=request),
        lambda: services.staff_request_reject(actor=second, staff_request=request, reason="No"),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    refusal = next(error for kind, error in outcomes if kind == "refused")
    assert str(refusal.message) == "This request has already been decided."
