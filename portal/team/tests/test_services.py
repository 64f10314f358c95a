from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.access.policies import Feature
from portal.audit.models import AuditEvent
from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.mail.models import OutboundEmail
from portal.team import services
from portal.team.models import ActivationToken, CompanyDetails, StaffRequest, add_business_days
from portal.tenancy.models import Level, Membership, VendorRole


@pytest.fixture
def vendor(db):
    return actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER))


def _link_token(body: str) -> str:
    return body.split("/activate/")[1].split("/")[0]


def test_business_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert add_business_days(friday, 5) == date(2026, 12, 4)
    assert add_business_days(date(2026, 11, 30), 5) == date(2026, 12, 7)


def test_primary_files_any_level_and_due_date_is_five_business_days(tenant_a):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"),
        full_name="New Person",
        email="New@Person.test",
        level=Level.PRIMARY,
    )
    assert request.email == "new@person.test" and request.status == StaffRequest.Status.PENDING
    assert request.due_date == add_business_days(timezone.localdate(), 5)
    assert AuditEvent.objects.filter(verb="staff_request.filed", organization=tenant_a.organization)


def test_manager_is_capped_at_manager(tenant_a):
    manager = tenant_a.actor("manager")
    services.staff_request_file(actor=manager, full_name="X", email="x@x.test", level=Level.MANAGER)
    with pytest.raises(PermissionDenied):
        services.staff_request_file(
            actor=manager, full_name="Y", email="y@y.test", level=Level.PRIMARY
        )


@pytest.mark.parametrize("level", ["sales", "basic", "it"])
def test_lower_levels_cannot_request_staff(tenant_a, level):
    with pytest.raises(PermissionDenied):
        services.staff_request_file(
            actor=tenant_a.actor(level), full_name="X", email="x@x.test", level=Level.BASIC
        )


def test_duplicates_are_refused_at_the_email_field(tenant_a):
    primary = tenant_a.actor("primary")
    with pytest.raises(DomainError) as existing:
        services.staff_request_file(
            actor=primary, full_name="X", email="sales@alpharesale.test", level=Level.BASIC
        )
    services.staff_request_file(actor=primary, full_name="X", email="x@x.test", level=Level.BASIC)
    with pytest.raises(DomainError) as pending:
        services.staff_request_file(
            actor=primary, full_name="X", email="X@x.test", level=Level.BASIC
        )
    assert existing.value.field == pending.value.field == "email"


def test_approval_creates_the_person_and_sends_a_single_use_link(
    tenant_a, vendor, django_capture_on_commit_callbacks
):
    request = services.staff_request_file(
        actor=tenant_a.actor("manager"),
        full_name="Nina New",
        email="nina@new.test",
        level=Level.SALES,
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.staff_request_approve(actor=vendor, staff_request=request)
    assert membership.status == "not_activated" and membership.role == Level.SALES
    assert Feature.CUSTOMERS.value in membership.features
    raw = _link_token(mail.outbox[-1].body)
    assert services.activation_token_lookup(raw) is not None
    user = services.activation_complete(raw=raw, password="a-fine-long-password")
    assert user.is_activated and user.check_password("a-fine-long-password")
    with pytest.raises(DomainError):
        services.activation_complete(raw=raw, password="another-long-password")
    with pytest.raises(DomainError):
        services.staff_request_approve(actor=vendor, staff_request=request)


def test_resend_makes_the_old_link_stop_working(
    tenant_a, vendor, django_capture_on_commit_callbacks
):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="R", email="r@r.test", level=Level.BASIC
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.staff_request_approve(actor=vendor, staff_request=request)
    first = _link_token(mail.outbox[-1].body)
    with django_capture_on_commit_callbacks(execute=True):
        services.activation_send(actor=tenant_a.actor("manager"), membership=membership)
    second = _link_token(mail.outbox[-1].body)
    assert services.activation_token_lookup(first) is None
    assert services.activation_token_lookup(second) is not None


def test_links_expire_after_72_hours(tenant_a, vendor, django_capture_on_commit_callbacks):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="E", email="e@e.test", level=Level.BASIC
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_request_approve(actor=vendor, staff_request=request)
    raw = _link_token(mail.outbox[-1].body)
    token = ActivationToken.objects.get(token_hash=ActivationToken.hash(raw))
    assert token.expires_at - token.created_at == timedelta(hours=72)
    ActivationToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert services.activation_token_lookup(raw) is None


def test_rejection_tells_the_requester_why(tenant_a, vendor, django_capture_on_commit_callbacks):
    request = services.staff_request_file(
        actor=tenant_a.actor("manager"), full_name="Z", email="z@z.test", level=Level.BASIC
    )
    with pytest.raises(DomainError):
        services.staff_request_reject(actor=vendor, staff_request=request, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_request_reject(
            actor=vendor, staff_request=request, reason="Please use a company address"
        )
    request.refresh_from_db()
    assert request.status == StaffRequest.Status.REJECTED
    sent = OutboundEmail.objects.get(to="manager@alpharesale.test")
    assert "Please use a company address" in sent.body_text


def test_partners_cannot_decide_requests(tenant_a):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="Z", email="z@z.test", level=Level.BASIC
    )
    with pytest.raises(PermissionDenied):
        services.staff_request_approve(actor=tenant_a.actor("primary"), staff_request=request)


def test_feature_access_stays_within_the_level(tenant_a):
    primary = tenant_a.actor("primary")
    sales = tenant_a.members["sales"]
    kwargs = {"full_name": "S", "job_title": "", "phone": ""}
    updated = services.employee_update(
        actor=primary, membership=sales, level=Level.SALES, features=[Feature.TRAINING], **kwargs
    )
    assert updated.features == ["training"]
    with pytest.raises(DomainError) as error:
        services.employee_update(
            actor=primary, membership=sales, level=Level.SALES, features=[Feature.BILLING], **kwargs
        )
    assert error.value.field == "features"
    sales.refresh_from_db()
    assert sales.features == ["training"]


def test_manager_cannot_raise_anyone_to_primary(tenant_a):
    with pytest.raises(PermissionDenied):
        services.employee_update(
            actor=tenant_a.actor("manager"),
            membership=tenant_a.members["sales"],
            level=Level.PRIMARY,
            features=[],
            full_name="S",
            job_title="",
            phone="",
        )
    assert Membership.objects.get(pk=tenant_a.members["sales"].pk).role == Level.SALES


def test_company_page_parts_are_edited_by_primaries_only(tenant_a):
    services.company_info_update(actor=tenant_a.actor("primary"), legal_name="Alpha sp. z o.o.")
    assert CompanyDetails.objects.get(organization=tenant_a.organization).legal_name == (
        "Alpha sp. z o.o."
    )
    for level in ("manager", "it", "sales", "basic"):
        with pytest.raises(PermissionDenied):
            services.company_billing_update(actor=tenant_a.actor(level), billing_email="x@x.test")
    assert AuditEvent.objects.filter(verb="company.info_updated").count() == 1


def test_vendor_adds_an_employee_directly(tenant_a, vendor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.employee_add_direct(
            actor=vendor,
            organization=tenant_a.organization,
            full_name="Direct",
            email="direct@a.test",
            level=Level.IT,
        )
    assert membership.status == "not_activated"
    assert "/activate/" in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        services.employee_add_direct(
            actor=tenant_a.actor("primary"),
            organization=tenant_a.organization,
            full_name="D",
            email="d2@a.test",
            level=Level.IT,
        )


def test_a_manager_cannot_change_their_own_access(tenant_a):
    manager = tenant_a.members["manager"]
    with pytest.raises(PermissionDenied):
        services.employee_update(
            actor=tenant_a.actor("manager"),
            membership=manager,
            level=Level.MANAGER,
            features=[Feature.SOFTWARE_UPDATES],
            full_name="M",
            job_title="",
            phone="",
        )
    manager.refresh_from_db()
    assert Feature.SOFTWARE_UPDATES.value not in manager.features


def test_a_person_deactivated_elsewhere_can_log_in_through_a_new_membership(
    tenant_a, tenant_b, vendor
):
    services_b = tenant_b.members["basic"]
    from portal.team import services as membership_services

    membership_services.membership_deactivate(actor=None, membership=services_b)
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"),
        full_name="Moved",
        email=services_b.user.email,
        level=Level.BASIC,
    )
    services.staff_request_approve(actor=vendor, staff_request=request)
    services_b.user.refresh_from_db()
    assert services_b.user.is_active


def test_password_reset_of_a_not_activated_person_activates_and_kills_old_links(
    tenant_a, vendor, django_capture_on_commit_callbacks
):
    from allauth.account.signals import password_reset

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.employee_add_direct(
            actor=vendor,
            organization=tenant_a.organization,
            full_name="Reset",
            email="reset@a.test",
            level=Level.IT,
        )
    raw = _link_token(mail.outbox[-1].body)
    password_reset.send(sender=type(membership.user), request=None, user=membership.user)
    membership.user.refresh_from_db()
    assert membership.user.is_activated
    assert services.activation_token_lookup(raw) is None


def test_approving_someone_already_in_the_company_is_refused(tenant_a, vendor):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"), full_name="Dup", email="dup@a.test", level=Level.BASIC
    )
    services.employee_add_direct(
        actor=vendor,
        organization=tenant_a.organization,
        full_name="Dup",
        email="dup@a.test",
        level=Level.BASIC,
    )
    with pytest.raises(DomainError):
        services.staff_request_approve(actor=vendor, staff_request=request)


def test_manager_role_goes_only_to_an_activated_employee(tenant_a, vendor):
    from portal.team import services as membership_services

    fresh = services.employee_add_direct(
        actor=vendor,
        organization=tenant_a.organization,
        full_name="Fresh",
        email="fresh@a.test",
        level=Level.BASIC,
    )
    with pytest.raises(DomainError):
        membership_services.company_manager_transfer(actor=vendor, to=fresh)
    fresh.refresh_from_db()
    assert not fresh.is_company_manager and fresh.role == Level.BASIC


def test_a_deactivated_persons_activation_link_stops_working(
    tenant_a, vendor, django_capture_on_commit_callbacks
):
    from portal.team import services as membership_services

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.employee_add_direct(
            actor=vendor,
            organization=tenant_a.organization,
            full_name="Gone",
            email="gone@a.test",
            level=Level.BASIC,
        )
    raw = _link_token(mail.outbox[-1].body)
    membership_services.membership_deactivate(
        actor=tenant_a.actor("primary"), membership=membership
    )
    assert services.activation_token_lookup(raw) is None
    with pytest.raises(DomainError):
        services.activation_complete(raw=raw, password="a-fine-long-password")
    membership_services.membership_reactivate(
        actor=tenant_a.actor("primary"), membership=membership
    )
    assert services.activation_token_lookup(raw) is None  # revoked for good; resend gives a new one


def test_plain_text_emails_are_not_html_escaped(
    tenant_a, vendor, django_capture_on_commit_callbacks
):
    request = services.staff_request_file(
        actor=tenant_a.actor("primary"),
        full_name="Ann O'Brien",
        email="ann@a.test",
        level=Level.BASIC,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_request_reject(
            actor=vendor, staff_request=request, reason="Use Igor's account & the shared one"
        )
    body = mail.outbox[-1].body
    assert "Use Igor's account & the shared one" in body and "Ann O'Brien" in body
    assert "&#x27;" not in body and "&amp;" not in body


def test_active_primaries_in_name_order_without_an_order_in_sql(tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.team.selectors import active_primaries

    for name in ("Zoe Last", "Adam First"):
        services.member_add(
            actor=None,
            organization=tenant_a.organization,
            email=f"{name.split()[0].lower()}@alpharesale.test",
            full_name=name,
            role=Level.PRIMARY,
        )
    with CaptureQueriesContext(connection) as queries:
        primaries = active_primaries(tenant_a.actor("primary"))
    names = [primary.user.full_name for primary in primaries]
    assert names == sorted(names) and {"Adam First", "Zoe Last"} <= set(names)
    # an ORDER BY lets SQLite walk a 10,000-person company's name index to find one Primary
    assert "ORDER BY" not in queries[0]["sql"]
