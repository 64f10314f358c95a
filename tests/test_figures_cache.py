"""The home pages' figures come from the cache until something in the organization changes
(portal/access/figures.py, issue 9)."""

import re

from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.access import figures
from portal.demo.testing import actor_for, make_tenant
from portal.team import services as team_services
from portal.tenancy.models import Level
from tests.pages import without_csrf_tokens


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/portal/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _active_employees(page: str) -> int:
    return int(
        re.search(r'<div class="stat">(\d+)</div><div class="stat-label">active emp', page)[1]
    )


def test_a_second_home_page_reads_no_figures(figures_cache, tenant_a, login):
    client = login(tenant_a.members[Level.PRIMARY])
    first_page, first = _home(client)
    second_page, second = _home(client)
    assert without_csrf_tokens(second_page) == without_csrf_tokens(first_page)
    # the page's own reads (session, person, memberships, terms gate) and nothing per widget
    assert second <= 6 < first


def test_a_change_through_a_service_shows_on_the_next_home_page(
    figures_cache, tenant_a, login, django_capture_on_commit_callbacks
):
    primary = tenant_a.members[Level.PRIMARY]
    client = login(primary)
    before = _active_employees(_home(client)[0])
    with django_capture_on_commit_callbacks(execute=True):
        team_services.membership_deactivate(
            actor=tenant_a.actor(Level.PRIMARY), membership=tenant_a.members[Level.BASIC]
        )
    assert _active_employees(_home(client)[0]) == before - 1


def test_without_the_commit_the_figures_stay(figures_cache, tenant_a, login):
    """The version moves when the change is committed (a reader between the write and the
    commit would otherwise keep the old figures under the new version)."""
    client = login(tenant_a.members[Level.PRIMARY])
    before = _active_employees(_home(client)[0])
    team_services.membership_deactivate(
        actor=tenant_a.actor(Level.PRIMARY), membership=tenant_a.members[Level.BASIC]
    )
    assert _active_employees(_home(client)[0]) == before  # not committed: no on_commit ran


def test_a_change_below_moves_the_figures_above_and_not_beside(figures_cache, db):
    alpha = make_tenant("Alpha Resale")
    distributor = alpha.organization.parent
    beside = make_tenant("Bravo Resale", parent=distributor)
    elsewhere = make_tenant("Charlie Resale")
    customer = alpha.customers[0]
    watched = [alpha.organization, distributor, beside.organization, elsewhere.organization]
    before = {org.pk: figures._versions(org) for org in watched}
    figures.organization_changed(customer)
    after = {org.pk: figures._versions(org) for org in watched}
    assert after[alpha.organization.pk] != before[alpha.organization.pk]
    assert after[distributor.pk] != before[distributor.pk]
    assert after[beside.organization.pk] == before[beside.organization.pk]
    assert after[elsewhere.organization.pk] == before[elsewhere.organization.pk]


def test_a_change_of_the_vendor_moves_every_figure(figures_cache, db):
    alpha = make_tenant("Alpha Resale")
    before = figures._versions(alpha.organization)
    figures.organization_changed(alpha.organization.parent.parent)  # the vendor
    assert figures._versions(alpha.organization) != before


def test_off_when_the_setting_is_zero(settings, tenant_a, login):
    settings.PORTAL_FIGURES_CACHE_SECONDS = 0
    cache.clear()
    caches["figures"].clear()
    client = login(tenant_a.members[Level.PRIMARY])
    _home(client)
    assert _home(client)[1] > 12


def test_my_customers_statistics_and_trends_are_kept_too(figures_cache, tenant_a, login):
    client = login(tenant_a.members[Level.PRIMARY])
    client.get("/portal/customers/")
    with CaptureQueriesContext(connection) as first:
        page = client.get("/portal/customers/?q=x")  # another page of the grid, same figures
    assert "Last 12 months" in page.content.decode()  # the trends, kept as HTML
    assert "<section" in page.content.decode().split("Last 12 months")[0][-300:]
    figures.everything_changed()
    with CaptureQueriesContext(connection) as recomputed:
        client.get("/portal/customers/?q=x")
    assert len(first) + 3 <= len(recomputed)


def _staff_of(client, name: str) -> int:
    page = client.get("/console/team/partners/", {"q": name}).content.decode()
    return int(re.search(r'<td data-label="Active staff" class="num">(\d+)</td>', page)[1])


def test_partners_staff_counts_are_kept_until_the_partner_changes(
    figures_cache, tenant_a, vendor_admin, login, django_capture_on_commit_callbacks
):
    from portal.team.selectors import partner_list, with_active_staff

    client = login(vendor_admin)
    before = _staff_of(client, tenant_a.organization.name)
    assert before == tenant_a.organization.memberships.filter(is_active=True).count()
    # a second reading counts nothing: the figure is the cached one
    vendor = actor_for(vendor_admin)
    partners = list(partner_list(actor=vendor).filter(pk=tenant_a.organization.pk))
    with CaptureQueriesContext(connection) as queries:
        with_active_staff(actor=vendor, organizations=partners)
    assert len(queries) == 0 and partners[0].staff == before

    with django_capture_on_commit_callbacks(execute=True):
        team_services.membership_deactivate(
            actor=tenant_a.actor(Level.PRIMARY), membership=tenant_a.members[Level.BASIC]
        )
    assert _staff_of(client, tenant_a.organization.name) == before - 1


def test_sorting_partners_by_staff_counts_in_sql(tenant_a, tenant_b, vendor_admin, login):
    client = login(vendor_admin)
    team_services.membership_deactivate(
        actor=tenant_b.actor(Level.PRIMARY), membership=tenant_b.members[Level.BASIC]
    )

    def names(sort):
        page = client.get("/console/team/partners/", {"sort": sort}).content.decode()
        return re.findall(r'partners/\d+/">([^<]+)</a></td>', page)

    resellers = [tenant_a.organization.name, tenant_b.organization.name]
    assert [name for name in names("-staff") if name in resellers] == resellers
    assert [name for name in names("staff") if name in resellers] == resellers[::-1]


def test_a_home_reads_the_customer_totals_once_for_both_panels(tenant_a, login):
    """The customers' panel and the orders' run-rate panel both show the transacting customers:
    one query over the customers (figures.one_pass), not one per panel."""
    client = login(tenant_a.members[Level.PRIMARY])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/portal/").content.decode()
    assert 'data-testid="customers-widget"' in page and "transacting customers" in page
    over_customers = [q for q in queries.captured_queries if "customerrunrate" in q["sql"]]
    assert len(over_customers) == 1, [q["sql"] for q in over_customers]


def test_outside_a_home_each_read_of_the_customer_totals_is_fresh(tenant_a):
    from portal.customers.selectors import customer_statistics
    from portal.orders.selectors import transacting_customer_count
    from portal.orders.testing import make_product, place

    actor = tenant_a.actor(Level.PRIMARY)
    with figures.one_pass():
        assert customer_statistics(actor=actor)["transacting"] == 0
        place(tenant_a.members[Level.PRIMARY], tenant_a.customers[0], (make_product("T-1"), 1))
        # inside the pass the first read stands: one pass is one page's panels
        assert transacting_customer_count(actor) == 0
    assert transacting_customer_count(actor) == 1
    assert customer_statistics(actor=actor)["transacting"] == 1
