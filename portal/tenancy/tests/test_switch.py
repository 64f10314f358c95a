"""ORG-2: a person with memberships in several organizations switches between them in the top bar.

Only the person's own active memberships can be chosen; anything else is refused with a message
and leaves the organization they work in unchanged.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from portal.team import services
from portal.tenancy.middleware import SESSION_MEMBERSHIP_KEY
from portal.tenancy.models import Level

REFUSED = "You are not a member of that organization."


@pytest.fixture
def commuter(tenant_a, tenant_b):
    """Alpha's Primary who is also a Manager at Bravo: (Alpha membership, Bravo membership)."""
    at_alpha = tenant_a.members["primary"]
    at_bravo = services.member_add(
        actor=None,
        organization=tenant_b.organization,
        email=at_alpha.user.email,
        full_name=at_alpha.user.full_name,
        role=Level.MANAGER,
    )
    assert at_bravo.user_id == at_alpha.user_id  # one login, two memberships
    return at_alpha, at_bravo


def _switch(client, membership_id):
    return client.post(reverse("switch_membership"), {"membership": str(membership_id)})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _working_in(client):
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    return page.context["organization"]


def test_switching_shows_the_other_organizations_pages_and_back(
    commuter, tenant_a, tenant_b, login
):
    at_alpha, at_bravo = commuter
    client = login(at_alpha)
    assert _working_in(client) == tenant_a.organization

    response = _switch(client, at_bravo.pk)
    assert response.status_code == 302 and response.url == reverse("home")
    assert _messages(response) == [f"You are now working in {tenant_b.organization.name}."]
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_bravo.pk

    home = client.get(reverse("portal:home"))
    assert home.context["organization"] == tenant_b.organization
    assert f"{tenant_b.organization.name} · Reseller".encode() in home.content
    employees = client.get(reverse("team:employees"))
    assert employees.status_code == 200
    assert b"basic@bravoresale.test" in employees.content
    assert b"basic@alpharesale.test" not in employees.content

    back = _switch(client, at_alpha.pk)
    assert back.status_code == 302
    assert _messages(back) == [f"You are now working in {tenant_a.organization.name}."]
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_alpha.pk
    assert _working_in(client) == tenant_a.organization
    employees = client.get(reverse("team:employees"))
    assert b"basic@alpharesale.test" in employees.content
    assert b"basic@bravoresale.test" not in employees.content


def test_someone_elses_membership_is_refused_and_nothing_changes(
    commuter, tenant_a, tenant_b, login
):
    at_alpha, _ = commuter
    client = login(at_alpha)
    response = _switch(client, tenant_b.members["basic"].pk)
    assert response.status_code == 302 and response.url == reverse("home")
    assert _messages(response) == [REFUSED]
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_alpha.pk
    assert _working_in(client) == tenant_a.organization


def test_own_deactivated_membership_is_refused_and_nothing_changes(
    commuter, tenant_a, tenant_b, login
):
    at_alpha, at_bravo = commuter
    services.membership_deactivate(actor=tenant_b.actor("primary"), membership=at_bravo)
    client = login(at_alpha)
    response = _switch(client, at_bravo.pk)
    assert response.status_code == 302
    assert _messages(response) == [REFUSED]
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_alpha.pk
    assert _working_in(client) == tenant_a.organization
    assert client.get(reverse("team:employees")).context["page"].paginator.count == len(
        tenant_a.members
    )


@pytest.mark.parametrize("wanted", ["", "not-a-number"])
def test_a_missing_or_malformed_choice_is_refused(commuter, tenant_a, login, wanted):
    at_alpha, _ = commuter
    client = login(at_alpha)
    response = client.post(reverse("switch_membership"), {"membership": wanted})
    assert _messages(response) == [REFUSED]
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_alpha.pk


def test_get_is_refused(commuter, tenant_b, login):
    at_alpha, at_bravo = commuter
    client = login(at_alpha)
    response = client.get(reverse("switch_membership"), {"membership": at_bravo.pk})
    assert response.status_code == 405
    assert client.session[SESSION_MEMBERSHIP_KEY] == at_alpha.pk


def test_anonymous_visitors_are_sent_to_login(client, commuter):
    _, at_bravo = commuter
    response = _switch(client, at_bravo.pk)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert SESSION_MEMBERSHIP_KEY not in client.session
