"""The demo shows more of what exists (issue 10, point 13): emails in the outbox, a person in two
organizations (the switcher), and "Open forum" answering with a page when no forum is set."""

from django.core.management import call_command
from django.urls import reverse

from portal.accounts.models import User
from portal.mail.models import OutboundEmail
from portal.orders.models import CustomerRunRate
from portal.orders.selectors import with_run_rate
from portal.tenancy.models import Organization


def test_a_fresh_demo_has_mail_a_switcher_and_a_forum_message(client, db, settings):
    settings.PORTAL_FORUM_LOGIN_URL = ""
    call_command("seed_demo", customers=3, verbosity=0)
    recipients = set(OutboundEmail.objects.values_list("to", flat=True))
    assert "newhire@demo.example" in str(recipients)  # activation
    assert "reseller@demo.example" in str(recipients)  # a rejected staff request

    consultant = User.objects.get(email="consultant@demo.example")
    assert consultant.memberships.count() == 2
    client.force_login(consultant)
    home = client.get("/portal/", follow=True).content.decode()
    assert 'id="membership-switch"' in home

    sales = User.objects.get(email="sales@demo.example")
    client.force_login(sales)
    client.post(reverse("profiles:forum"), {"username": "stefan", "password": "forum-pass-1"})
    opened = client.post(reverse("profiles:forum_open"), follow=True)
    assert opened.status_code == 200
    assert "No forum is connected to this portal yet" in opened.content.decode()


def test_the_demo_run_rates_follow_from_its_subscriptions(db):
    call_command("seed_demo", customers=3, verbosity=0)
    computed = {
        c.pk: c.run_rate for c in with_run_rate(Organization.objects.filter(kind="customer"))
    }
    stored = dict(CustomerRunRate.objects.values_list("customer_id", "monthly_run_rate"))
    assert stored == computed
    assert any(stored.values())


def test_the_demo_and_large_seeds_leave_every_resellers_totals_counted(db):
    from portal.orders.models import CustomerTotals
    from portal.orders.services import customer_totals_check

    call_command("seed_demo", customers=3, verbosity=0)
    assert CustomerTotals.objects.exists()
    assert customer_totals_check() == 0
    call_command("seed_large", scale=0.002, verbosity=0)
    assert customer_totals_check() == 0


def test_the_seeds_leave_every_organization_its_search_copies(db):
    """What Organization.save and CompanyDetails.save keep, the bulk inserts write themselves."""
    from portal.team.models import CompanyDetails
    from portal.tenancy.models import Organization, search_folded

    call_command("seed_demo", customers=3, verbosity=0)
    call_command("seed_large", scale=0.002, verbosity=0)
    organizations = Organization.objects.all()
    assert organizations.count() > 100
    for organization in organizations:
        assert organization.search_name == search_folded(organization.name)
    details = CompanyDetails.objects.select_related("organization")
    for record in details:
        assert record.organization.search_details == record.search_text(), record.organization
    assert details.count() > 100
