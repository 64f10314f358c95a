"""A company's activity log never shows another organization's people or addresses: vendor staff
acting on the company's records appear as the vendor, without their email or IP address."""

from django.test import Client

from portal.audit.models import AuditEvent
from portal.core.request_context import RequestOrigin
from portal.demo.testing import actor_for, make_vendor_member
from portal.team import services


def test_partners_see_the_vendor_not_its_staff_or_their_address(tenant_a, login):
    vendor = make_vendor_member()
    vendor_actor = actor_for(vendor, origin=RequestOrigin(ip_address="198.51.100.77"))
    services.membership_deactivate(actor=vendor_actor, membership=tenant_a.members["basic"])
    assert AuditEvent.objects.filter(
        organization=tenant_a.organization, actor_email=vendor.user.email
    ).exists()
    basic = tenant_a.members["basic"].pk
    for url in ("/portal/activity/", "/portal/", f"/portal/employees/{basic}/"):
        body = login(tenant_a.members["primary"]).get(url).content.decode()
        assert vendor.user.email not in body, url
        assert "198.51.100.77" not in body, url
        assert "vendor staff" in body, url  # the vendor stands in for the person


def test_vendor_admins_still_read_who_and_from_where(tenant_a, vendor_admin):
    vendor_actor = actor_for(vendor_admin, origin=RequestOrigin(ip_address="198.51.100.77"))
    services.membership_deactivate(actor=vendor_actor, membership=tenant_a.members["basic"])
    client = Client()
    client.force_login(vendor_admin.user)
    body = client.get("/console/audit/").content.decode()
    assert vendor_admin.user.email in body and "198.51.100.77" in body
