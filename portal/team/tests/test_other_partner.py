"""Vendor staff adding a person who works for another partner are warned and must confirm; the
person and both companies' managers are emailed (issue 10, point 8)."""

from portal.audit.models import AuditEvent
from portal.demo.testing import make_vendor_member
from portal.mail.models import OutboundEmail
from portal.tenancy.models import MembershipInvitation


def test_adding_a_competitors_manager_needs_a_confirmation(tenant_a, tenant_b, login):
    client = login(make_vendor_member())
    url = f"/console/team/partners/{tenant_a.organization.pk}/employees/"
    person = tenant_b.members["primary"].user  # Bravo's company manager
    data = {"full_name": "Poached", "email": person.email, "level": "sales"}
    first = client.post(url, data)
    body = first.content.decode()
    assert first.status_code == 400
    assert "already works for Bravo Resale" in body
    assert 'type="checkbox" name="confirm_other_partner"' in body
    assert not MembershipInvitation.objects.filter(user=person).exists()
    assert not OutboundEmail.objects.exists()

    second = client.post(url, {**data, "confirm_other_partner": "on"})
    assert second.status_code == 302
    assert MembershipInvitation.objects.filter(
        user=person, organization=tenant_a.organization
    ).exists()
    notices = set(
        OutboundEmail.objects.filter(subject__contains="was added to").values_list("to", flat=True)
    )
    assert notices == {person.email, tenant_a.members["primary"].user.email}
    event = AuditEvent.objects.get(verb="employee.added_from_other_partner")
    assert event.data["also_at"] == ["Bravo Resale"]


def test_a_new_person_is_added_without_a_question(tenant_a, login):
    client = login(make_vendor_member())
    url = f"/console/team/partners/{tenant_a.organization.pk}/employees/"
    data = {"full_name": "Fresh", "email": "fresh@alpharesale.test", "level": "sales"}
    assert client.post(url, data).status_code == 302
