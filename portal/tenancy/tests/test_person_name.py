"""Membership.person_name: the copy of the person's name a company's people are sorted by."""

import pytest
from django.utils import timezone

from portal.profiles import services as profile_services
from portal.team.selectors import employee_list, partner_staff
from portal.tenancy.models import Membership


@pytest.mark.django_db
def test_a_new_membership_carries_its_persons_name(tenant_a):
    for membership in Membership.objects.filter(organization=tenant_a.organization):
        assert membership.person_name == membership.user.full_name != ""


@pytest.mark.django_db
def test_renaming_a_person_renames_every_membership_and_resorts_the_list(tenant_a, tenant_b):
    basic = tenant_a.members["basic"]
    user = basic.user
    Membership.objects.create(user=user, organization=tenant_b.organization, role="basic")
    profile_services.profile_update(
        actor=tenant_a.actor("basic"),
        full_name="Aaron Aardvark",
        job_title="",
        phone="",
        language="en",
        date_format=user.date_format,
        time_zone=user.time_zone,
    )
    assert set(user.memberships.values_list("person_name", flat=True)) == {"Aaron Aardvark"}
    first = employee_list(actor=tenant_a.actor("primary")).first()
    assert first.user == user

    user.full_name = "Zed Zebra"
    user.save(update_fields=["full_name"])
    names = list(
        employee_list(actor=tenant_a.actor("primary")).values_list("person_name", flat=True)
    )
    assert names[-1] == "Zed Zebra"
    assert names == sorted(names)


@pytest.mark.django_db
def test_saving_something_else_leaves_the_copies_alone(tenant_a, django_assert_num_queries):
    user = tenant_a.members["basic"].user
    with django_assert_num_queries(1):  # the UPDATE of last_login only
        user.save(update_fields=["last_login"])


@pytest.mark.django_db
def test_the_console_staff_list_sorts_by_the_copy(tenant_a, vendor_admin):
    from portal.demo.testing import actor_for

    staff = partner_staff(actor=actor_for(vendor_admin), partner=tenant_a.organization)
    assert "person_name" in str(staff.query)


# Membership.person_activated: the copy of "has activated their login" the active employees are
# counted by (the home's panel, the employees filter).


def _active_by_join(organization) -> int:
    return Membership.objects.filter(
        organization=organization, is_active=True, user__activated_at__isnull=False
    ).count()


@pytest.mark.django_db
def test_a_new_membership_carries_whether_its_person_is_activated(tenant_a):
    from portal.accounts.models import User

    waiting = User.objects.create_user("waiting@a.test", full_name="Waiting Person")
    membership = Membership.objects.create(
        user=waiting, organization=tenant_a.organization, role="basic"
    )
    assert membership.person_activated is False
    for membership in Membership.objects.filter(organization=tenant_a.organization):
        assert membership.person_activated == membership.user.is_activated
    active = Membership.objects.filter(organization=tenant_a.organization).with_status("active")
    assert active.count() == _active_by_join(tenant_a.organization)
    assert waiting.memberships.get().pk in set(
        Membership.objects.with_status("not_activated").values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_activating_a_login_marks_each_of_its_memberships(tenant_a, tenant_b):
    from portal.accounts.models import User
    from portal.team.services import activation_complete_by_password_reset

    first = User.objects.create_user("first@a.test", full_name="First Waiting")
    second = User.objects.create_user("second@a.test", full_name="Second Waiting")
    for user in (first, second):
        for tenant in (tenant_a, tenant_b):
            Membership.objects.create(user=user, organization=tenant.organization, role="basic")
    before = _active_by_join(tenant_a.organization)

    first.set_password("a-long-enough-password")
    first.activated_at = timezone.now()
    first.save(update_fields=["password", "activated_at"])
    assert set(first.memberships.values_list("person_activated", flat=True)) == {True}

    activation_complete_by_password_reset(user=second)  # a queryset UPDATE, not save()
    assert set(second.memberships.values_list("person_activated", flat=True)) == {True}

    for tenant in (tenant_a, tenant_b):
        active = Membership.objects.filter(organization=tenant.organization).with_status("active")
        assert active.count() == _active_by_join(tenant.organization)
    assert _active_by_join(tenant_a.organization) == before + 2
