"""The effective access panel says what `can` says, and why (issue 10, point 14)."""

from portal.access.explain import effective_access
from portal.access.policies import Feature, can
from portal.access.registry import NAV
from portal.demo.testing import actor_for
from portal.team import services


def _rows(membership, **kwargs):
    return {row.section: row for row in effective_access(membership, **kwargs)}


def test_every_menu_entry_agrees_with_the_policy(tenant_a):
    for membership in tenant_a.members.values():
        rows = _rows(membership)
        for entry in NAV:
            if entry.realm == "partner":
                row = rows[str(entry.label)]
                assert row.allowed == can(actor_for(membership), entry.permission), entry.label


def test_reasons_in_plain_words(tenant_a):
    # the Billing feature area is the Invoices section since the billing area was built
    it = _rows(tenant_a.members["it"])
    assert not it["Invoices"].allowed
    assert it["Invoices"].reason == "IT / Tech support may not use it"  # billing.view: Managers up
    manager = _rows(tenant_a.members["primary"])
    assert manager["Invoices"].allowed
    assert manager["Invoices"].reason == "company manager: everything"
    basic = _rows(tenant_a.members["basic"])
    assert not basic["Employees"].allowed and basic["Employees"].reason == "Basic may not use it"


def test_a_switched_off_feature_names_the_day_from_the_trail(tenant_a, client, login):
    sales = tenant_a.members["sales"]
    user = sales.user
    services.employee_update(
        actor=tenant_a.actor("primary"),
        membership=sales,
        full_name=user.full_name,
        job_title=user.job_title,
        phone=user.phone,
        level=sales.role,
        features=[f for f in sales.features if f != Feature.CUSTOMERS],
    )
    sales.refresh_from_db()
    row = _rows(sales)["Customers"]
    assert not row.allowed and row.reason == "switched off by the company manager"
    page = login(tenant_a.members["primary"]).get(f"/portal/employees/{sales.pk}/")
    body = page.content.decode()
    panel = body.split('data-testid="effective-access"')[1].split("</section>")[0]
    assert "Switched off by the company manager on " in panel
