"""Two billing runs at once (two workers, or the job beside the command): no subscription period
is invoiced twice and the invoice numbers have no gaps. Runs for real on PostgreSQL in CI."""

from django.utils import timezone

from portal.billing import services
from portal.billing.models import Invoice, InvoiceLine
from portal.orders.testing import make_product, place
from portal.orders.tests.test_races import race


def test_two_concurrent_billing_runs_issue_each_invoice_once(transactional_db):
    from portal.demo.testing import make_tenant

    tenant = make_tenant("Billing Race", customers=6)
    monthly, one_time = make_product("B1"), make_product("B2", recurring=False)
    for customer in tenant.customers:
        place(tenant.members["primary"], customer, (monthly, 2), (one_time, 1))
    today = timezone.localdate()
    outcomes = race(
        lambda: services.billing_run(today=today), lambda: services.billing_run(today=today)
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    issued = sum(result.invoices for _kind, result in outcomes)
    assert issued == 6 == Invoice.objects.count()
    assert InvoiceLine.objects.count() == 12
    numbers = sorted(int(n[-6:]) for n in Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 7))
    assert services.billing_run(today=today).invoices == 0
