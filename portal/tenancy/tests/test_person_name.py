"""Membership.person_name: the copy of the person's name a company's people are sorted by."""

import pytest

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
