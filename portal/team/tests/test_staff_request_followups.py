"""Staff requests (issue 10, point 10): the requester hears of an approval too, a pending request
can be withdrawn, the list says who filed it and when, and emails start sentences properly."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.mail.models import OutboundEmail
from portal.team import services
from portal.team.models import StaffRequest
from portal.tenancy.models import Level, VendorRole


def _file(tenant, who="manager", email="new@alpha.test"):
    return services.staff_request_file(
        actor=tenant.actor(who), full_name="New Person", email=email, level=Level.BASIC
    )


def test_the_requester_is_emailed_on_approval_and_rejection(tenant_a):
    vendor = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER))
    services.staff_request_approve(actor=vendor, staff_request=_file(tenant_a))
    approved = OutboundEmail.objects.get(to="manager@alpharesale.test")
    assert "approved" in approved.subject and "The vendor approved" in approved.body_text
    services.staff_request_reject(
        actor=vendor, staff_request=_file(tenant_a, email="two@alpha.test"), reason="No."
    )
    rejected = OutboundEmail.objects.filter(to="manager@alpharesale.test").latest("id")
    assert "\nThe vendor rejected your request" in rejected.body_text


def test_a_pending_request_is_withdrawn_by_its_filer_or_a_primary(tenant_a, login):
    mine = _file(tenant_a)
    with pytest.raises(PermissionDenied):  # another manager's request is not theirs
        services.staff_request_withdraw(
            actor=tenant_a.actor("primary").__class__(
                user=tenant_a.members["it"].user,
                membership=tenant_a.members["it"],
                origin=tenant_a.actor("primary").origin,
            ),
            staff_request=mine,
        )
    client = login(tenant_a.members["manager"])
    page = client.get("/portal/employees/requests/").content.decode()
    assert "Withdraw" in page and "Manager / Supervisor of Alpha Resale" in page  # filed by
    client.post(f"/portal/employees/requests/{mine.pk}/withdraw/")
    mine.refresh_from_db()
    assert mine.status == StaffRequest.Status.WITHDRAWN
    with pytest.raises(DomainError):
        services.staff_request_withdraw(actor=tenant_a.actor("primary"), staff_request=mine)
    other = _file(tenant_a, email="other@alpha.test")
    services.staff_request_withdraw(actor=tenant_a.actor("primary"), staff_request=other)
    vendor = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER))
    with pytest.raises(DomainError):
        services.staff_request_approve(actor=vendor, staff_request=other)
