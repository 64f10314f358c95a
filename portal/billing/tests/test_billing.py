"""Billing runs (idempotent, gap-free numbers), payment status, payments, PDF."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.billing import selectors, services
from portal.billing.models import Invoice, InvoiceLine, PaymentStatus
from portal.billing.pdf import render_invoice_pdf
from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.orders.models import Subscription
from portal.orders.testing import make_product, place
from portal.tenancy.models import VendorRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered(tenant_a):
    monthly = make_product("M1", cost="10.00")
    yearly = make_product("Y1", period=12, cost="100.00")
    one_time = make_product("T1", recurring=False, cost="50.00")
    primary = tenant_a.members["primary"]
    place(primary, tenant_a.customers[0], (monthly, 2), (yearly, 1), (one_time, 1))
    place(primary, tenant_a.customers[1], (monthly, 1))
    return tenant_a


def test_billing_run_invoices_each_due_item_once(ordered):
    today = timezone.localdate()
    first = services.billing_run(today=today)
    assert first.invoices == 2 and first.lines == 4
    second = services.billing_run(today=today)
    assert (second.invoices, second.lines) == (0, 0)
    invoice = Invoice.objects.get(customer=ordered.customers[0])
    assert invoice.net == Decimal("20.00") + Decimal("100.00") + Decimal("50.00")
    assert invoice.tax == Decimal("39.10")  # 23 % of 170.00
    assert invoice.total == invoice.net + invoice.tax
    assert invoice.due_on == today + timedelta(days=14)
    subscription = Subscription.objects.get(customer=ordered.customers[0], period_months=12)
    assert subscription.next_invoice_on > today


def test_next_periods_are_invoiced_on_their_billing_date(ordered):
    today = timezone.localdate()
    services.billing_run(today=today)
    nxt = services.add_months(today, 1)
    result = services.billing_run(today=nxt)
    assert result.lines == 2  # the two monthly subscriptions; yearly and one-time not again
    assert InvoiceLine.objects.filter(asset__isnull=False).count() == 1


def test_invoice_numbers_are_gap_free_and_sequential(ordered):
    services.billing_run(today=timezone.localdate())
    numbers = sorted(int(n[-6:]) for n in Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_database_refuses_a_second_line_for_the_same_period(ordered):
    from django.db import IntegrityError, transaction

    services.billing_run(today=timezone.localdate())
    line = InvoiceLine.objects.filter(subscription__isnull=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceLine.objects.create(
            invoice=line.invoice,
            subscription=line.subscription,
            description="again",
            quantity=1,
            period_start=line.period_start,
            amount=Decimal("1"),
        )


def test_add_months_keeps_the_anchor_day():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 2, 28), 1, anchor_day=31) == date(2026, 3, 31)
    assert services.add_months(date(2026, 11, 15), 36) == date(2029, 11, 15)


def test_payment_status_paid_unpaid_overdue_and_partial_payments(ordered):
    services.billing_run(today=timezone.localdate())
    invoice = Invoice.objects.get(customer=ordered.customers[1])
    assert invoice.status == PaymentStatus.UNPAID
    Invoice.objects.filter(pk=invoice.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    invoice.refresh_from_db()
    assert invoice.status == PaymentStatus.OVERDUE
    assert Invoice.objects.with_status("overdue").filter(pk=invoice.pk).exists()
    billing = actor_for(make_vendor_member(VendorRole.BILLING))
    services.payment_record(
        actor=billing, invoice=invoice, amount="5.00", paid_on=timezone.localdate()
    )
    invoice.refresh_from_db()
    assert invoice.status == PaymentStatus.OVERDUE and invoice.paid_amount == Decimal("5.00")
    with pytest.raises(DomainError):
        services.payment_record(
            actor=billing, invoice=invoice, amount="1000", paid_on=timezone.localdate()
        )
    with pytest.raises(DomainError):
        services.payment_record(
            actor=billing, invoice=invoice, amount="0", paid_on=timezone.localdate()
        )
    services.payment_record(
        actor=billing,
        invoice=invoice,
        amount=invoice.total - invoice.paid_amount,
        paid_on=timezone.localdate(),
    )
    invoice.refresh_from_db()
    assert invoice.status == PaymentStatus.PAID
    annotated = Invoice.objects.with_payment_status().get(pk=invoice.pk)
    assert annotated.payment_status == PaymentStatus.PAID


def test_only_billing_staff_record_payments(ordered):
    services.billing_run(today=timezone.localdate())
    invoice = Invoice.objects.first()
    support = actor_for(make_vendor_member(VendorRole.SUPPORT))
    with pytest.raises(PermissionDenied):
        services.payment_record(
            actor=support, invoice=invoice, amount="1", paid_on=timezone.localdate()
        )
    with pytest.raises(PermissionDenied):
        services.payment_record(
            actor=ordered.actor("primary"),
            invoice=invoice,
            amount="1",
            paid_on=timezone.localdate(),
        )


def test_billing_details_show_what_will_be_invoiced(ordered):
    details = selectors.billing_details(
        actor=ordered.actor("primary"), customer=ordered.customers[0]
    )
    assert details["recurring"].count() == 2 and details["one_time"].count() == 1
    services.billing_run(today=timezone.localdate())
    details = selectors.billing_details(
        actor=ordered.actor("primary"), customer=ordered.customers[0]
    )
    assert details["one_time"].count() == 0


def test_invoice_pdf_prints_polish_and_hungarian_letters(ordered):
    from portal.team.models import CompanyDetails

    CompanyDetails.objects.filter(organization=ordered.customers[0]).update(
        city="Łódź", address="ul. Świętokrzyska 1 / Győr"
    )
    services.billing_run(today=timezone.localdate())
    invoice = Invoice.objects.get(customer=ordered.customers[0])
    content = render_invoice_pdf(invoice)
    assert content.startswith(b"%PDF")
    stored = services.invoice_pdf_file(invoice=invoice, language="pl")
    assert stored.name.endswith(".pdf")
    assert services.invoice_pdf_file(invoice=invoice, language="pl").name == stored.name


def test_invoiced_history_sums_this_month(ordered):
    services.billing_run(today=timezone.localdate())
    history = selectors.invoiced_history(ordered.actor("primary"))
    assert len(history) == 12
    assert history[-1]["value"] == Decimal("180.00")


def test_the_trends_count_overdue_and_unpaid_invoices_in_one_query(
    ordered, django_assert_num_queries
):
    services.billing_run(today=timezone.localdate())
    first, second = Invoice.objects.order_by("pk")[:2]
    today = timezone.localdate()
    Invoice.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=1))
    actor = ordered.actor("primary")
    with django_assert_num_queries(1):
        counts = selectors.outstanding_count(actor=actor)
    assert counts == {"overdue": 1, "unpaid": 1}
    Invoice.objects.filter(pk=second.pk).update(paid_amount=second.total)  # paid: neither
    counts = selectors.outstanding_count(actor=actor)
    assert counts == {"overdue": 1, "unpaid": 0}
    # the same rule as the list's status filter
    assert counts == {status: Invoice.objects.with_status(status).count() for status in counts}


def _pdf_download(client, user, invoice) -> bytes:
    client.force_login(user)
    response = client.get(f"/portal/billing/{invoice.pk}/pdf/")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_reader_downloads_the_invoice_pdf_in_their_own_language(ordered, client):
    """The first download used to fix the document's language for everyone after."""
    from portal.accounts.models import User
    from portal.billing.models import InvoicePdf

    services.billing_run(today=timezone.localdate())
    invoice = Invoice.objects.filter(customer=ordered.customers[0]).get()
    polish = ordered.members["primary"].user
    english = ordered.members["manager"].user
    User.objects.filter(pk=polish.pk).update(language="pl")
    User.objects.filter(pk=english.pk).update(language="en")
    first = _pdf_download(client, polish, invoice)
    second = _pdf_download(client, english, invoice)
    again = _pdf_download(client, polish, invoice)
    # the document's language (/Lang) and its translated title ("Faktura" / "Invoice")
    assert b"/Lang (pl)" in first and b"/Lang (en)" in second
    assert _title(first) == f"Faktura {invoice.number}"
    assert _title(second) == f"Invoice {invoice.number}"
    assert first == again  # kept, not rendered again
    assert set(InvoicePdf.objects.values_list("language", flat=True)) == {"pl", "en"}


def _title(content: bytes) -> str:
    """The document title from the PDF's info dictionary (fpdf2 writes it as UTF-16 hex or as a
    literal string)."""
    import re

    match = re.search(rb"/Title <FEFF([0-9A-Fa-f]+)>", content)
    if match:
        return bytes.fromhex(match.group(1).decode()).decode("utf-16-be")
    return re.search(rb"/Title \((.*?)\)", content).group(1).decode()


def test_invoices_of_one_day_are_listed_in_the_order_of_their_numbers(ordered):
    from django.test import RequestFactory
    from django_tables2 import RequestConfig

    from portal.billing.tables import InvoiceTable

    services.billing_run(today=timezone.localdate())
    # issued the same day, numbers given in some order: the list must not follow the rows' pks
    invoices = list(Invoice.objects.order_by("pk"))
    numbers = sorted(invoice.number for invoice in invoices)
    for invoice, number in zip(invoices, reversed(numbers), strict=True):
        Invoice.objects.filter(pk=invoice.pk).update(number=f"TMP-{number}")
    for invoice in Invoice.objects.all():
        Invoice.objects.filter(pk=invoice.pk).update(number=invoice.number.removeprefix("TMP-"))
    for sort, expected in (("-issued_on", sorted(numbers, reverse=True)), ("issued_on", numbers)):
        table = InvoiceTable(Invoice.objects.all())
        RequestConfig(RequestFactory().get("/", {"sort": sort}), paginate=False).configure(table)
        assert [row.record.number for row in table.rows] == expected


def test_a_partly_paid_invoice_shows_what_is_still_owed(ordered, login):
    services.billing_run(today=timezone.localdate())
    invoice = Invoice.objects.get(customer=ordered.customers[1])
    billing = make_vendor_member(VendorRole.BILLING)
    services.payment_record(
        actor=actor_for(billing), invoice=invoice, amount="5.00", paid_on=timezone.localdate()
    )
    invoice.refresh_from_db()
    body = login(billing).get(f"/console/billing/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="invoice-outstanding"' in body
    assert f"{invoice.total - Decimal('5.00'):.2f}" in body


@pytest.mark.parametrize("language", ["pl", "hu"])
def test_the_trend_chart_geometry_is_not_localised(ordered, language):
    """SVG needs "12.5", not the Polish or Hungarian "12,5": the bars vanished in those
    languages."""
    import re

    from django.template.loader import render_to_string
    from django.utils import translation

    services.billing_run(today=timezone.localdate())
    with translation.override(language):
        html = render_to_string(
            "billing/widgets/_trends.html",
            {"widget": selectors.trends(actor=ordered.actor("primary"))},
        )
    values = re.findall(r'<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"', html)
    assert values
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for rect in values for v in rect)
