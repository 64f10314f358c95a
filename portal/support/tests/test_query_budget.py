"""PERF-1 for the support pages: the number of queries does not grow with the rows shown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.support import services
from portal.support.models import ArticleCategory

from .conftest import pdf

LEVELS = ["basic", "sales", "manager"]


def _queries(client, url):
    client.get("/healthz")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(tenant, tech, count, start=0):
    """Cases with files and replies, articles, slots, downloads."""
    category = ArticleCategory.objects.get_or_create(name="Budget")[0]
    for i in range(start, start + count):
        case = services.case_create(
            actor=tenant.actor(LEVELS[i % 3]),
            subject=f"Case {i}",
            description="text",
            files=[pdf()],
        )
        services.case_assign(actor=tech, case=case, assignee=tech.user)
        services.case_reply(actor=tech, case=case, body="answer", files=[pdf()])
        services.case_reply(actor=tech, case=case, body="note", internal=True)
        services.article_save(
            actor=tech, title=f"Article {i}", category=category, body="b", visibility="public"
        )
        services.slot_publish(
            actor=tech,
            kind="training",
            starts_at=timezone.now() + timedelta(days=1, hours=i),
            duration_minutes=60,
            price=Decimal("10"),
        )
        services.download_publish(
            actor=tech, kind="software", title=f"V{i}", file=ContentFile(b"PK", name="v.zip")
        )


def _conversation_grow(tenant, tech, case, count):
    for _ in range(count):
        services.case_update(actor=tenant.actor("basic"), case=case, body="more", files=[pdf()])
        services.case_reply(actor=tech, case=case, body="reply")


@pytest.mark.parametrize(
    ("who", "url", "budget"),
    [
        ("manager", "/portal/support/?show=all", 14),
        ("manager", "/portal/support/?q=Case&status=assigned", 14),
        ("basic", "/kb/?q=Article", 12),
        ("basic", "/portal/support/sessions/", 14),
        ("primary", "/portal/support/downloads/", 14),
        ("manager", "/portal/", 22),
        ("tech", "/console/support/", 14),
        ("tech", "/console/support/?status=open&assignee=none&severity=normal", 14),
        ("tech", "/console/support/sessions/", 14),
        ("tech", "/console/support/downloads/", 14),
        ("tech", "/console/support/entitlement/", 14),
        ("tech", "/console/support/kb/", 14),
        ("tech", "/console/", 24),
    ],
)
def test_support_lists_have_a_fixed_query_count(tenant_a, tech, login, who, url, budget):
    client = login(tech.membership if who == "tech" else tenant_a.members[who])
    _grow(tenant_a, tech, 2)
    _queries(client, url)  # the trend's months that are over: summed once, then kept
    few = _queries(client, url)
    _grow(tenant_a, tech, 8, start=2)
    many = _queries(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    assert many <= budget, many


def test_a_case_page_has_a_fixed_query_count(tenant_a, tech, login):
    case = services.case_create(
        actor=tenant_a.actor("basic"), subject="Long", description="d", files=[pdf()]
    )
    services.case_assign(actor=tech, case=case, assignee=tech.user)
    partner, desk = login(tenant_a.members["basic"]), None
    _conversation_grow(tenant_a, tech, case, 2)
    few = _queries(partner, f"/portal/support/cases/{case.pk}/")
    _conversation_grow(tenant_a, tech, case, 8)
    assert _queries(partner, f"/portal/support/cases/{case.pk}/") == few <= 14
    desk = login(tech.membership)
    few = _queries(desk, f"/console/support/cases/{case.pk}/")
    _conversation_grow(tenant_a, tech, case, 5)
    assert _queries(desk, f"/console/support/cases/{case.pk}/") == few <= 18
