"""Issue 8, High 1: a new membership is never attached silently to a login that already exists.

The person is invited; the membership exists only once they accept while signed in.
"""

import pytest
from django.core import mail
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.core.exceptions import DomainError
from portal.demo.testing import PASSWORD, actor_for, make_vendor_member
from portal.team import services
from portal.team.models import StaffRequest
from portal.tenancy.middleware import SESSION_MEMBERSHIP_KEY
from portal.tenancy.models import Level, Membership, MembershipInvitation, VendorRole


@pytest.fixture
def vendor(db):
    return actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER))


def _file(tenant, email, level=Level.SALES):
    return services.staff_request_file(
        actor=tenant.actor("primary"), full_name="Someone", email=email, level=level
    )


def _sign_in(client, email):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_repro_an_attacker_cannot_take_a_new_employees_seat(
    client, tenant_a, tenant_b, vendor, django_capture_on_commit_callbacks
):
    """The issue's repro: a Sales member of Bravo claims the address of Alpha's pending request."""
    request = _file(tenant_a, "nina@new.test")
    attacker = tenant_b.members["sales"].user
    _sign_in(client, attacker.email)
    # allauth's email page is gone: the address cannot be added, let alone made primary
    for data in ({"action_add": "", "email": request.email}, {"action_primary": ""}):
        assert client.post("/accounts/email/", data).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        result = services.staff_request_approve(actor=vendor, staff_request=request)
    assert result.user_id != attacker.pk  # a new login for the address, with an activation link
    assert not Membership.objects.filter(user=attacker, organization=tenant_a.organization).exists()
    response = client.post(reverse("switch_membership"), {"membership": str(result.pk)})
    assert client.session[SESSION_MEMBERSHIP_KEY] != result.pk
    assert client.get(reverse("customers:list")).status_code == 200
    assert tenant_a.customers[0].name not in client.get(reverse("customers:list")).content.decode()
    assert response.status_code == 302


def test_an_existing_login_is_invited_and_only_acceptance_makes_the_membership(
    client, tenant_a, tenant_b, vendor, django_capture_on_commit_callbacks
):
    person = tenant_b.members["basic"].user
    request = _file(tenant_a, person.email.upper(), level=Level.IT)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.staff_request_approve(actor=vendor, staff_request=request)
    assert isinstance(invitation, MembershipInvitation)
    assert invitation.user == person and invitation.status == MembershipInvitation.Status.PENDING
    assert not Membership.objects.filter(user=person, organization=tenant_a.organization).exists()
    request.refresh_from_db()
    assert request.status == StaffRequest.Status.APPROVED and request.membership is None
    notice = mail.outbox[-1]
    assert notice.to == [person.email] and tenant_a.organization.name in notice.body
    assert "/activate/" not in notice.body  # the person already has a password

    _sign_in(client, person.email)
    home = client.get(reverse("portal:home"))
    assert "invites you to join" in home.content.decode()  # the banner
    assert [m.organization for m in home.wsgi_request.memberships] == [tenant_b.organization]
    page = client.get(reverse("invitations"))
    assert page.status_code == 200 and tenant_a.organization.name in page.content.decode()

    response = client.post(
        reverse("invitation_decide", args=[invitation.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, organization=tenant_a.organization)
    assert membership.role == Level.IT and membership.is_active
    request.refresh_from_db()
    assert request.membership == membership
    invitation.refresh_from_db()
    assert invitation.status == MembershipInvitation.Status.ACCEPTED
    assert client.session[SESSION_MEMBERSHIP_KEY] == membership.pk
    assert client.get(reverse("customers:list")).status_code == 200
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"invitation.sent", "invitation.accepted"} <= verbs


def test_a_declined_invitation_makes_nothing(
    client, tenant_a, tenant_b, vendor, django_capture_on_commit_callbacks
):
    person = tenant_b.members["basic"].user
    invitation = services.employee_add_direct(
        actor=vendor,
        organization=tenant_a.organization,
        full_name="X",
        email=person.email,
        level=Level.BASIC,
        confirm_other_partner=True,  # they work for Bravo (issue 10, point 8)
    )
    assert isinstance(invitation, MembershipInvitation)
    _sign_in(client, person.email)
    client.post(reverse("invitation_decide", args=[invitation.pk]), {"decision": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == MembershipInvitation.Status.DECLINED
    assert not Membership.objects.filter(user=person, organization=tenant_a.organization).exists()
    with pytest.raises(DomainError):
        services.invitation_accept(user=person, invitation_id=invitation.pk)


def test_nobody_else_answers_an_invitation(client, tenant_a, tenant_b, vendor):
    person = tenant_b.members["basic"].user
    invitation = services.employee_add_direct(
        actor=vendor,
        organization=tenant_a.organization,
        full_name="X",
        email=person.email,
        level=Level.BASIC,
        confirm_other_partner=True,  # they work for Bravo (issue 10, point 8)
    )
    _sign_in(client, tenant_b.members["sales"].user.email)
    response = client.post(
        reverse("invitation_decide", args=[invitation.pk]), {"decision": "accept"}
    )
    assert response.status_code == 404
    assert "invites you" not in client.get(reverse("invitations")).content.decode()
    invitation.refresh_from_db()
    assert invitation.status == MembershipInvitation.Status.PENDING


def test_inviting_twice_is_refused_clearly(tenant_a, tenant_b, vendor):
    person = tenant_b.members["basic"].user
    kwargs = dict(
        organization=tenant_a.organization,
        full_name="X",
        email=person.email,
        level=Level.BASIC,
        confirm_other_partner=True,
    )
    services.employee_add_direct(actor=vendor, **kwargs)
    with pytest.raises(DomainError) as error:
        services.employee_add_direct(actor=vendor, **kwargs)
    assert error.value.field == "email"


def test_the_console_says_an_invitation_was_sent(client, tenant_a, tenant_b, login):
    vendor_member = make_vendor_member(VendorRole.PARTNER_MANAGER)
    login(vendor_member)
    person = tenant_b.members["basic"].user
    response = client.post(
        reverse("console:partner_employee_add", args=[tenant_a.organization.pk]),
        {
            "full_name": "X",
            "email": person.email,
            "level": Level.BASIC,
            "confirm_other_partner": "on",
        },
        follow=True,
    )
    assert "invitation" in response.content.decode().lower()
    request = _file(tenant_a, tenant_b.members["sales"].user.email)
    response = client.post(
        reverse("console:staff_request_decide", args=[request.pk]),
        {"decision": "approve"},
        follow=True,
    )
    assert "invitation" in response.content.decode().lower()


def test_a_person_deactivated_elsewhere_signs_in_to_answer(client, tenant_a, tenant_b, vendor):
    member = tenant_b.members["basic"]
    services.membership_deactivate(actor=None, membership=member)
    invitation = services.staff_request_approve(
        actor=vendor, staff_request=_file(tenant_a, member.user.email)
    )
    assert isinstance(invitation, MembershipInvitation)
    _sign_in(client, member.user.email)
    # no membership to work in yet: every page leads to the invitation
    assert client.get(reverse("portal:home")).url == reverse("invitations")
    client.post(reverse("invitation_decide", args=[invitation.pk]), {"decision": "accept"})
    assert client.get(reverse("portal:home")).status_code == 200
