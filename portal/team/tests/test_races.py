"""Two vendor staff deciding the same thing at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.team import services
from portal.team import services as membership_services
from portal.team.models import StaffRequest
from portal.tenancy.models import Level, Membership, VendorRole

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", call()))
        except DomainError as error:
            outcomes.append(("refused", error))
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
    _race(
        lambda: membership_services.company_manager_transfer(
            actor=vendor, to=tenant.members["manager"]
        ),
        lambda: membership_services.company_manager_transfer(actor=vendor, to=tenant.members["it"]),
    )
    managers = Membership.objects.filter(organization=tenant.organization, is_company_manager=True)
    assert managers.count() == 1
    assert managers.get().user.email in ("manager@transferresale.test", "it@transferresale.test")
