"""SEC-1 by construction: every model that holds an organization's data is reachable only through
`for_actor`, and `for_actor` answers what each kind of member may see."""

import pytest
from django.apps import apps
from django.db import models
from django.http import Http404

from portal.audit.models import AuditEvent
from portal.core.scoping import Scope, ScopedQuerySet, get_for_actor
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.mail.models import OutboundEmail
from portal.team.models import CompanyDetails, StaffRequest
from portal.tenancy.models import Membership, Organization

# Models of ours that point at an organization or a person but hold no organization's data.
# Each entry says why; a new model is either scoped or argued for here.
NOT_ORGANIZATION_DATA = {
    # a person's own login data, read only by that person (or the login machinery)
    "accounts.User": "the person; reached through memberships, which are scoped",
    "team.ActivationToken": "only its hash is stored; looked up by the link's secret",
    "profiles.ForumCredential": "the person's own forum login, read through request.user",
    # infrastructure without a tenant
    "core.Sequence": "a counter per name and year, no tenant data",
    "core.PeriodicRun": "a job's run record, no tenant data",
}


def _points_at_organization_data(model, scoped_labels) -> bool:
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey | models.OneToOneField) and field.concrete:
            target = field.related_model._meta.label
            if target == "tenancy.Organization" or target in scoped_labels:
                return True
    return False


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("portal.")]


def test_every_model_with_organization_data_is_scoped():
    scoped = {
        m._meta.label for m in _our_models() if isinstance(m._default_manager.all(), ScopedQuerySet)
    }
    unscoped = []
    for model in _our_models():
        label = model._meta.label
        if label in NOT_ORGANIZATION_DATA or label == "tenancy.Organization":
            continue
        if _points_at_organization_data(model, scoped) and label not in scoped:
            unscoped.append(label)
    assert not unscoped, f"give these a scoped manager or argue for them above: {unscoped}"
    assert {"tenancy.Organization", "tenancy.Membership", "audit.AuditEvent"} <= scoped


def test_scoped_models_declare_how_they_hang_on_the_tree():
    for model in _our_models():
        if isinstance(model._default_manager.all(), ScopedQuerySet):
            assert isinstance(model.scope, Scope), model
            assert isinstance(model.scope_field, str), model


def test_the_allow_list_names_real_models():
    labels = {m._meta.label for m in apps.get_models()}
    assert set(NOT_ORGANIZATION_DATA) <= labels


@pytest.fixture
def two(db):
    return make_tenant("Alpha Resale"), make_tenant("Bravo Resale")


def test_own_scope_shows_only_the_actors_organization(two):
    a, b = two
    actor = a.actor("primary")
    people = set(Membership.objects.for_actor(actor).values_list("organization", flat=True))
    assert people == {a.organization.pk}
    assert not AuditEvent.objects.for_actor(actor).filter(organization=b.organization).exists()
    assert not StaffRequest.objects.for_actor(actor).exclude(organization=a.organization).exists()


def test_subtree_scope_reaches_down_at_any_depth(two):
    a, b = two
    distributor = a.organization.parent
    from portal.team import services

    dist_primary = services.member_add(
        actor=None, organization=distributor, email="d@d.test", full_name="D", role="primary"
    )
    seen = set(Organization.objects.for_actor(actor_for(dist_primary)))
    assert {distributor, a.organization, *a.customers} == seen
    assert not seen & {b.organization, *b.customers}
    details = CompanyDetails.objects.for_actor(actor_for(dist_primary))
    assert set(details.values_list("organization", flat=True)) == {o.pk for o in seen}


def test_vendor_staff_see_all_and_vendor_only_rows_are_hidden_from_partners(two):
    a, _ = two
    vendor = actor_for(make_vendor_member())
    assert Organization.objects.for_actor(vendor).count() == Organization.objects.count()
    OutboundEmail.objects.create(to="x@y.test", subject="s", body_text="b")
    assert OutboundEmail.objects.for_actor(vendor).exists()
    assert not OutboundEmail.objects.for_actor(a.actor("primary")).exists()


def test_get_for_actor_gives_404_outside_the_scope_and_for_junk(two):
    a, b = two
    actor = a.actor("manager")
    assert get_for_actor(actor, Membership, a.members["basic"].pk) == a.members["basic"]
    for pk in (b.members["basic"].pk, 10**9, "junk", None):
        with pytest.raises(Http404):
            get_for_actor(actor, Membership, pk)
    with pytest.raises(Http404):
        get_for_actor(actor, Organization.objects.filter(kind="customer"), b.customers[0].pk)


def test_an_unscoped_model_cannot_be_loaded_through_get_for_actor(two):
    a, _ = two
    from portal.accounts.models import User

    with pytest.raises(TypeError):
        get_for_actor(a.actor("primary"), User, a.members["basic"].user_id)


def test_no_actor_sees_nothing(two):
    assert not Membership.objects.for_actor(None).exists()


@pytest.mark.django_db
def test_a_resellers_orders_and_invoices_are_read_by_their_reseller_column(tenant_a, tenant_b):
    """scope_reseller_field: a reseller's scope of orders and invoices is the rows naming it as
    their reseller (an index of the row's own), not the customer's path; the other reseller's
    rows stay out, and a distributor still reads by the path."""
    from portal.billing.models import Invoice
    from portal.billing.testing import tenant_invoice
    from portal.orders.models import Order

    for tenant in (tenant_a, tenant_b):
        tenant_invoice(tenant)
    reseller = tenant_a.actor("primary")
    for model in (Order, Invoice):
        rows = model.objects.for_actor(reseller)
        sql = str(rows.query)
        assert '"reseller_id" =' in sql and "path" not in sql
        assert {row.reseller_id for row in rows} == {tenant_a.organization.pk}
        assert not rows.filter(customer__parent=tenant_b.organization).exists()
    from portal.team.services import member_add

    distributor = actor_for(
        member_add(
            actor=None,
            organization=tenant_a.organization.parent,
            email="dist@scoping.test",
            full_name="Distributor Primary",
            role="primary",
        )
    )
    assert "path" in str(Invoice.objects.for_actor(distributor).query)
    assert Invoice.objects.for_actor(distributor).filter(pk=tenant_a.invoice.pk).exists()


@pytest.mark.django_db
def test_an_order_or_invoice_names_its_customers_own_reseller(tenant_a, tenant_b):
    from portal.billing.testing import tenant_invoice

    invoice = tenant_invoice(tenant_a)
    invoice.customer = tenant_a.customers[0]
    invoice.reseller = tenant_b.organization
    with pytest.raises(ValueError, match="customer's parent"):
        invoice.save()
    order = tenant_a.order
    order.customer = tenant_a.customers[0]
    order.reseller = tenant_b.organization
    with pytest.raises(ValueError, match="customer's parent"):
        order.save()
