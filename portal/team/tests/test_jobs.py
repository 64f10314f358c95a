"""The daily overdue staff request reminder to the vendor's admins and partner managers."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from portal.demo.testing import make_vendor_member
from portal.mail.models import OutboundEmail
from portal.team import services
from portal.team.jobs import staff_requests_overdue_remind
from portal.team.models import StaffRequest
from portal.tenancy.models import Level, Membership, VendorRole

NOW = timezone.make_aware(datetime(2026, 12, 1, 7, 0))


@pytest.fixture
def vendor_staff(db):
    admin = make_vendor_member(VendorRole.ADMIN, email="admin@vendor.test")
    manager = make_vendor_member(VendorRole.PARTNER_MANAGER, email="pm@vendor.test")
    make_vendor_member(VendorRole.SUPPORT, email="support@vendor.test")
    gone = make_vendor_member(VendorRole.PARTNER_MANAGER, email="gone@vendor.test")
    Membership.objects.filter(pk=gone.pk).update(is_active=False)
    return admin, manager


def _file(tenant, name: str, *, due) -> StaffRequest:
    request = services.staff_request_file(
        actor=tenant.actor("primary"),
        full_name=name,
        email=f"{name.split()[0].lower()}@new.test",
        level=Level.SALES,
    )
    StaffRequest.objects.filter(pk=request.pk).update(due_date=due)
    return request


def _reminders():
    return OutboundEmail.objects.filter(subject__contains="overdue").order_by("to")


def test_admins_and_partner_managers_get_the_overdue_list(tenant_a, tenant_b, vendor_staff):
    today = NOW.date()
    _file(tenant_a, "Olga Overdue", due=today - timedelta(days=3))
    _file(tenant_b, "Oscar Overdue", due=today - timedelta(days=1))
    _file(tenant_a, "Tina Today", due=today)  # due today: not overdue yet
    decided = _file(tenant_a, "Dora Decided", due=today - timedelta(days=9))
    StaffRequest.objects.filter(pk=decided.pk).update(status=StaffRequest.Status.APPROVED)

    assert staff_requests_overdue_remind(now=NOW) == 2

    emails = list(_reminders())
    assert [e.to for e in emails] == ["admin@vendor.test", "pm@vendor.test"]
    body = emails[0].body_text
    assert emails[0].subject == "2 staff requests are overdue"
    assert "Alpha Resale: Olga Overdue <olga@new.test>" in body
    assert "Bravo Resale: Oscar Overdue <oscar@new.test>" in body
    assert body.index("Olga") < body.index("Oscar")  # oldest due date first
    assert f"due {today - timedelta(days=3):%Y-%m-%d}" in body
    assert "Tina" not in body and "Dora" not in body
    assert "/console/team/staff-requests/" in body
    assert "&lt;" not in body  # plain text, not HTML-escaped


def test_nothing_is_sent_when_nothing_is_overdue(tenant_a, vendor_staff):
    _file(tenant_a, "Tina Today", due=NOW.date())
    assert staff_requests_overdue_remind(now=NOW) == 0
    assert not _reminders().exists()


def test_the_reminder_is_in_the_recipients_language(tenant_a, vendor_staff):
    admin, _manager = vendor_staff
    type(admin.user).objects.filter(pk=admin.user.pk).update(language="pl")
    _file(tenant_a, "Olga Overdue", due=NOW.date() - timedelta(days=1))
    staff_requests_overdue_remind(now=NOW)
    polish = OutboundEmail.objects.get(to="admin@vendor.test")
    with translation.override("pl"):
        expected = translation.ngettext(
            "%(counter)s staff request is overdue", "%(counter)s staff requests are overdue", 1
        ) % {"counter": 1}
    assert polish.subject == expected != "1 staff request is overdue"
