"""Two vendor staff converting the same lead at the same moment: exactly one account.

The lead's row lock (select_for_update) orders them on PostgreSQL; on SQLite every transaction
starts IMMEDIATE (config/settings/base.py), so the second waits and then finds the lead
converted. CI runs this on both databases.
"""

import threading

from django.db import connections

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.programs import services
from portal.programs.models import Lead
from portal.tenancy.models import Organization, OrganizationKind, VendorRole

from .conftest import company


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", call()))
        except DomainError as error:
            outcomes.append(("refused", error))
        except Exception as error:  # noqa: BLE001 - a crash must be seen, not hidden
            outcomes.append(("crashed", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_conversions_at_once_create_one_account(transactional_db):
    tenant = make_tenant("Race Leads", customers=0)
    lead = services.lead_create(actor=tenant.actor("sales"), **company(company_name="Raced Co"))
    first = actor_for(make_vendor_member(VendorRole.ADMIN, email="c1@vendor.test"))
    second = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER, email="c2@vendor.test"))
    outcomes = _race(
        lambda: services.lead_convert(actor=first, lead=lead),
        lambda: services.lead_convert(actor=second, lead=lead),
        lambda: services.lead_reject(actor=second, lead=lead, reason="No"),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused", "refused"], outcomes
    accounts = Organization.objects.filter(kind=OrganizationKind.CUSTOMER, name="Raced Co")
    lead.refresh_from_db()
    if lead.status == Lead.Status.CONVERTED:
        assert accounts.count() == 1 and lead.customer == accounts.get()
    else:
        assert not accounts.exists()


def test_one_client_through_two_links_at_once_is_one_lead(transactional_db):
    a = make_tenant("Link One", customers=0)
    b = make_tenant("Link Two", customers=0)
    data = company(company_name="Wanted Co")
    links = [
        services.registration_link_ensure(actor=None, organization=t.organization) for t in (a, b)
    ]
    outcomes = _race(
        *(lambda link=link: services.lead_register_public(link=link, **data) for link in links)
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    assert Lead.objects.filter(company_name="Wanted Co").count() == 1
