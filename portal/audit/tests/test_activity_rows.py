"""The activity log's rows, and the "who" and "details" of every history table, are written in
Python (templatetags/activity_rows.py): the HTML is the one the template loop with its two
includes wrote, for a company's reader and for vendor staff."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal.access.context_processors import navigation
from portal.audit.models import AuditEvent
from portal.demo.testing import actor_for, vendor_org
from portal.tenancy.models import Level

# event_list.html's rows before they were written in Python, with audit/_who.html and
# audit/_details.html, which every history table included, written inline
TEMPLATE_LOOP = """{% load i18n portal_format %}
  {% translate "When" as when_label %}{% translate "Who" as who_label %}{% translate "What" as what_label %}{% translate "Record" as record_label %}{% translate "Organization" as organization_label %}{% translate "From address" as address_label %}
  {% for e in events %}<tr>
    <td data-label="{{ when_label }}" class="date">{{ e.created_at|userdatetime }}</td>
    <td data-label="{{ who_label }}">{% if e.on_behalf_of_id and not may.console__audit__view %}{{ e.on_behalf_of.name }} <span class="badge">{% if e.on_behalf_of.kind == "vendor" %}{% translate "vendor staff" %}{% else %}{% translate "from another organization" %}{% endif %}</span>{% else %}{{ e.actor_email|default:"—" }}{% if e.on_behalf_of_id %} <span class="badge">{% translate "from another organization" %}</span>{% endif %}{% endif %}</td>
    <td data-label="{{ what_label }}"><span title="{{ e.verb }}">{{ e.verb_label }}</span></td>
    <td data-label="{{ record_label }}">{{ e.record|default:"—" }}{% with lines=e.details %}{% if lines %}<ul class="event-details small muted">{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>{% endif %}{% endwith %}</td>
    {% if actor.is_vendor %}<td data-label="{{ organization_label }}">{{ e.organization.name|default:"—" }}</td>{% endif %}
    <td data-label="{{ address_label }}">{% if e.on_behalf_of_id and not may.console__audit__view %}—{% else %}{{ e.ip_address|default:"—" }}{% endif %}</td>
  </tr>{% endfor %}"""  # noqa: E501


def _compact(html: str) -> str:
    """Without the white space around tags, which a browser does not show in a cell (the
    included templates ended in a line break)."""
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", str(html))).strip()


def _events(tenant_a, tenant_b):
    company = tenant_a.organization
    level_change = {"level": [Level.SALES, Level.BASIC], "note": "a <b>bold</b> claim"}
    rows = [
        AuditEvent(organization=company, verb="auth.login", actor_email="a@alpha.test"),
        AuditEvent(
            organization=company,
            verb="team.employee_updated",
            actor_email="<b>x</b>@alpha.test",
            target_repr='Ann "<i>" Smith',
            data=level_change,
            ip_address="10.0.0.1",
        ),
        AuditEvent(
            organization=company,
            verb="customers.customer_updated",
            actor_email="helper@vendor.test",
            on_behalf_of=vendor_org(),
            ip_address="10.0.0.2",
        ),
        AuditEvent(
            organization=company,
            verb="no.such_verb",
            actor_email="master@bravo.test",
            on_behalf_of=tenant_b.organization,
            ip_address="2001:db8::1",
        ),
        AuditEvent(organization=None, verb="auth.login_failed", actor_email=""),
    ]
    AuditEvent.objects.bulk_create(rows)
    return list(AuditEvent.objects.filter(pk__in=[row.pk for row in rows]).order_by("id"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "pl"])
def test_rows_are_written_as_the_template_wrote_them(tenant_a, tenant_b, vendor_admin, language):
    events = _events(tenant_a, tenant_b)
    for membership in (tenant_a.members["primary"], vendor_admin):
        request = RequestFactory().get("/")
        request.actor = actor_for(membership)
        request.memberships = []
        with translation.override(language):
            context = {"events": events, **navigation(request)}
            old = Template(TEMPLATE_LOOP).render(Context(context))
            new = Template("{% load activity_rows %}{% activity_rows events %}").render(
                Context(context)
            )
        assert "&lt;b&gt;x&lt;/b&gt;@alpha.test" in new  # values are escaped
        assert new.count("<tr>") == len(events)
        assert _compact(old) == _compact(new)
    # the company's reader sees neither another organization's person nor its address
    assert "master@bravo.test" not in Template(
        "{% load activity_rows %}{% activity_rows events %}"
    ).render(Context({"events": events, "actor": actor_for(tenant_a.members["primary"])}))
