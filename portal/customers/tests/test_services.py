"""Services and policies of My Customers and the storefront user lifecycle."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.audit.models import AuditEvent
from portal.core.exceptions import DomainError
from portal.customers import services
from portal.customers.selectors import customer_list, customer_statistics
from portal.mail.models import OutboundEmail
from portal.orders.models import CustomerRunRate
from portal.orders.testing import make_product, place
from portal.team.services import activation_complete
from portal.tenancy.models import CustomerRole, Membership, MembershipInvitation

CUSTOMER = {
    "name": "Gamma Retail",
    "email": "office@gamma.test",
    "address": "ul. Długa 1",
    "city": "Gdańsk",
    "country": "PL",
    "state": "",
    "postcode": "80-001",
    "phone": "+48221234567",
}
USER = {
    "first_name": "Ada",
    "last_name": "Buyer",
    "email": "ada@gamma.test",
    "language": "pl",
    "date_format": "d.m.Y",
}


def _link(email: OutboundEmail) -> str:
    return re.search(r"/activate/([^/\s]+)/", email.body_text).group(1)


def test_customer_create_keeps_details_and_audits(tenant_a):
    actor = tenant_a.actor("primary")
    customer = services.customer_create(actor=actor, **CUSTOMER)
    assert customer.parent == tenant_a.organization
    assert customer.details.city == "Gdańsk"
    figures = CustomerRunRate.objects.get(customer=customer)
    assert figures.monthly_run_rate == 0 and not figures.transacting
    event = AuditEvent.objects.get(verb="customer.created")
    assert event.organization == tenant_a.organization and event.actor == actor.user


@pytest.mark.parametrize("level", ["basic", "it"])
def test_customer_create_refused_below_sales_or_for_it(tenant_a, level):
    with pytest.raises(PermissionDenied):
        services.customer_create(actor=tenant_a.actor(level), **CUSTOMER)


def test_customer_update_refuses_other_resellers_customer(tenant_a, tenant_b):
    with pytest.raises(PermissionDenied):
        services.customer_update(
            actor=tenant_a.actor("primary"), customer=tenant_b.customers[0], city="Kraków"
        )
    tenant_b.customers[0].details.refresh_from_db()
    assert tenant_b.customers[0].details.city == "Gdańsk"


def test_customer_update_writes_changed_fields_only(tenant_a):
    actor = tenant_a.actor("sales")
    customer = tenant_a.customers[0]
    services.customer_update(actor=actor, customer=customer, name="Renamed", city="Gdańsk")
    event = AuditEvent.objects.get(verb="customer.updated")
    assert event.data == {"changed": ["name"]}
    services.customer_update(actor=actor, customer=customer, name="Renamed")
    assert AuditEvent.objects.filter(verb="customer.updated").count() == 1


def test_invalid_phone_is_refused_by_the_model(tenant_a):
    with pytest.raises(ValidationError):
        services.customer_update(
            actor=tenant_a.actor("primary"), customer=tenant_a.customers[0], phone="12"
        )


def test_statistics_count_active_inactive_transacting_and_run_rate(tenant_a, tenant_b):
    actor = tenant_a.actor("primary")
    first, second = tenant_a.customers
    place(tenant_a.members["primary"], first, (make_product("M-10", cost="10.50"), 1))
    place(tenant_b.members["primary"], tenant_b.customers[0], (make_product("M-99", cost="99"), 1))
    services.customer_set_active(actor=actor, customer=second, active=False)
    stats = customer_statistics(actor=actor)
    assert stats["total"] == 2 and stats["active"] == 1 and stats["inactive"] == 1
    assert stats["transacting"] == 1
    assert stats["run_rate"] == Decimal("10.50")


def test_storefront_flag_needs_an_active_activated_user(tenant_a):
    actor = tenant_a.actor("primary")
    rows = {c.pk: c.has_storefront for c in customer_list(actor=actor)}
    assert rows == {tenant_a.customers[0].pk: True, tenant_a.customers[1].pk: False}
    services.storefront_user_set_active(
        actor=actor, membership=tenant_a.storefront_user, active=False
    )
    assert not customer_list(actor=actor).get(pk=tenant_a.customers[0].pk).has_storefront


def test_storefront_user_add_sends_welcome_and_activation_logs_in(tenant_a):
    actor = tenant_a.actor("sales")
    customer = tenant_a.customers[1]
    membership = services.storefront_user_add(
        actor=actor, customer=customer, role=CustomerRole.USER, **USER
    )
    user = membership.user
    assert user.full_name == "Ada Buyer" and user.language == "pl"
    assert user.date_format == "d.m.Y" and not user.is_activated
    email = OutboundEmail.objects.get(to="ada@gamma.test")
    assert "Alpha Resale" in email.subject  # in Polish, with the reseller's name
    assert "/store/alpha-resale-" in email.body_text
    activation_complete(raw=_link(email), password="a-long-password-123")
    user.refresh_from_db()
    assert user.is_activated
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"storefront_user.added", "storefront_user.activation_sent"} <= verbs


def test_duplicate_email_within_the_resellers_storefront_is_refused(tenant_a):
    actor = tenant_a.actor("primary")
    services.storefront_user_add(actor=actor, customer=tenant_a.customers[1], **USER)
    with pytest.raises(DomainError) as same:
        services.storefront_user_add(actor=actor, customer=tenant_a.customers[1], **USER)
    assert same.value.field == "email"
    with pytest.raises(DomainError) as other:
        services.storefront_user_add(
            actor=actor, customer=tenant_a.customers[0], **{**USER, "email": "ADA@gamma.test"}
        )
    assert tenant_a.customers[1].name in other.value.message


def test_same_login_at_another_resellers_storefront_is_an_invitation(tenant_a, tenant_b):
    """An activated login is never attached silently: the person accepts an invitation."""
    existing = tenant_a.storefront_user.user
    added = services.storefront_user_add(
        actor=tenant_b.actor("primary"),
        customer=tenant_b.customers[1],
        **{**USER, "email": existing.email},
    )
    assert isinstance(added, MembershipInvitation)
    assert not Membership.objects.filter(user=existing, organization=tenant_b.customers[1]).exists()


def test_resend_activation_kills_the_old_link(tenant_a):
    actor = tenant_a.actor("primary")
    membership = services.storefront_user_add(actor=actor, customer=tenant_a.customers[1], **USER)
    old = _link(OutboundEmail.objects.get(to=USER["email"]))
    services.storefront_user_resend_activation(actor=actor, membership=membership)
    with pytest.raises(DomainError):
        activation_complete(raw=old, password="a-long-password-123")
    new = _link(OutboundEmail.objects.filter(to=USER["email"]).latest("pk"))
    activation_complete(raw=new, password="a-long-password-123")


def test_password_reset_only_for_activated_users(tenant_a):
    actor = tenant_a.actor("primary")
    services.storefront_user_password_reset(actor=actor, membership=tenant_a.storefront_user)
    email = OutboundEmail.objects.get(to=tenant_a.storefront_user.user.email)
    assert "/accounts/password/reset/key/" in email.body_text
    fresh = services.storefront_user_add(actor=actor, customer=tenant_a.customers[1], **USER)
    with pytest.raises(DomainError):
        services.storefront_user_password_reset(actor=actor, membership=fresh)


def test_deactivate_refuses_login_and_activate_restores_it(tenant_a):
    actor = tenant_a.actor("primary")
    membership = tenant_a.storefront_user
    services.storefront_user_set_active(actor=actor, membership=membership, active=False)
    membership.user.refresh_from_db()
    assert not membership.user.is_active
    services.storefront_user_set_active(actor=actor, membership=membership, active=True)
    membership.user.refresh_from_db()
    assert membership.user.is_active
    events = AuditEvent.objects.filter(verb__startswith="storefront_user.").order_by("pk")
    verbs = list(events.values_list("verb", flat=True))
    assert verbs == ["storefront_user.deactivated", "storefront_user.activated"]


def test_storefront_services_refuse_another_resellers_users(tenant_a, tenant_b):
    with pytest.raises(PermissionDenied):
        services.storefront_user_set_active(
            actor=tenant_a.actor("primary"), membership=tenant_b.storefront_user, active=False
        )
    with pytest.raises(PermissionDenied):
        services.storefront_user_add(
            actor=tenant_a.actor("primary"), customer=tenant_b.customers[0], **USER
        )


def test_storefront_services_refuse_employees(tenant_a):
    with pytest.raises(PermissionDenied):
        services.storefront_user_set_active(
            actor=tenant_a.actor("primary"), membership=tenant_a.members["basic"], active=False
        )
