"""The activity log at any size: pages follow each other by (time, id) without offsets, the count
stops at a cap, and the filters narrow through indexes."""

from datetime import timedelta

from django.utils import timezone

from portal.audit import selectors
from portal.audit.models import AuditEvent


def _events(tenant, count, **fields):
    now = timezone.now()
    rows = AuditEvent.objects.bulk_create(
        [
            AuditEvent(organization=tenant.organization, verb="auth.login", **fields)
            for _ in range(count)
        ]
    )
    # equal timestamps on purpose for some rows: the id breaks the tie
    for i, row in enumerate(rows):
        AuditEvent.objects.filter(pk=row.pk).update(created_at=now - timedelta(seconds=i // 3))
    return rows


def test_pages_follow_each_other_without_gaps_or_repeats(tenant_a, login, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 7)
    AuditEvent.objects.all().delete()
    _events(tenant_a, 30, actor_email="walker@alpharesale.test")
    client = login(tenant_a.members["primary"])
    AuditEvent.objects.exclude(actor_email="walker@alpharesale.test").delete()
    seen, url = [], "/portal/activity/?who=walker@alpharesale.test"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [e.pk for e in page.events]
        url = f"{url.split('&cursor=')[0]}&cursor={page.next_cursor}" if page.next_cursor else ""
    expected = list(
        AuditEvent.objects.filter(actor_email="walker@alpharesale.test")
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )
    assert seen == expected and len(seen) == 30


def test_the_count_stops_at_the_cap(tenant_a, login, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    _events(tenant_a, 25)
    body = login(tenant_a.members["primary"]).get("/portal/activity/").content.decode()
    assert "More than 10 events" in body


def test_filters_by_person_action_and_dates(tenant_a, login):
    _events(tenant_a, 3, actor_email="ann@alpharesale.test")
    old = _events(tenant_a, 2, actor_email="bob@alpharesale.test")
    AuditEvent.objects.filter(pk__in=[e.pk for e in old]).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    client = login(tenant_a.members["primary"])
    ann = client.get("/portal/activity/?who=ANN@alpharesale.test").context["page"]
    assert ann.count == 3
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    recent = client.get(f"/portal/activity/?who=bob@alpharesale.test&since={since}")
    assert recent.context["page"].count == 0
    logins = client.get("/portal/activity/?verb=auth.login").context["page"]
    assert {e.verb for e in logins.events} == {"auth.login"}


def test_a_bad_cursor_or_dates_show_a_message_not_an_error(tenant_a, login):
    client = login(tenant_a.members["primary"])
    response = client.get("/portal/activity/?cursor=x%00y&since=2026-12-31&until=2026-01-01")
    assert response.status_code == 200
    assert b"The end date is before the start date." in response.content
