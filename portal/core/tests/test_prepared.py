"""A prepared query gives what the ORM gives (portal/core/prepared.py), on either database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.prepared import PreparedQuery
from portal.team import services
from portal.tenancy.models import Level, Membership
from portal.tenancy.selectors import _active_memberships, active_memberships_of


def _fields(membership):
    return (
        membership.pk,
        membership.role,
        membership.features,
        membership.created_at,
        membership.user.pk,
        membership.user.email,
        membership.user.phone,
        membership.user.activated_at,
        membership.organization.pk,
        membership.organization.name,
        membership.organization.parent and membership.organization.parent.pk,
        membership.organization.parent and membership.organization.parent.name,
    )


def test_the_memberships_of_a_person_equal_the_orms(tenant_a, tenant_b):
    person = tenant_a.members["sales"]
    person.features = ["training", "customers"]
    person.save()
    user = person.user
    user.phone = "+48 22 123 45 67"
    user.save()
    services.member_add(
        actor=None,
        organization=tenant_b.organization,
        email=user.email,
        full_name=user.full_name,
        role=Level.BASIC,
    )
    services.member_add(  # an inactive membership is left out, as by the ORM
        actor=None,
        organization=tenant_b.organization.parent,
        email=user.email,
        full_name=user.full_name,
        role=Level.BASIC,
    )
    Membership.objects.filter(user=user, organization=tenant_b.organization.parent).update(
        is_active=False
    )
    expected = list(_active_memberships(user.pk))
    assert len(expected) == 2
    with CaptureQueriesContext(connection) as queries:
        found = active_memberships_of(user.pk)
    assert len(queries) == 1
    assert [_fields(m) for m in found] == [_fields(m) for m in expected]
    assert isinstance(found[0].created_at, datetime.datetime) and found[0].created_at.tzinfo
    assert found[1].user is found[0].user  # one person object for every membership
    assert found[0].organization.parent.pk == tenant_a.organization.parent_id
    assert not found[0]._state.adding and found[0]._state.db == "default"
    assert active_memberships_of(str(user.pk)) and active_memberships_of(-1) == []


def test_a_query_whose_value_is_not_one_parameter_is_refused(db):
    with pytest.raises(ValueError):
        PreparedQuery(lambda value: Membership.objects.all())(1)
