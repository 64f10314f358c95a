from datetime import date

from django.core.management.base import BaseCommand, CommandError

from portal.billing.services import billing_run


class Command(BaseCommand):
    help = "Issue the invoices due on a date (default today). Safe to run twice or concurrently."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Billing date, YYYY-MM-DD (default: today).")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = _parse(date)
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
        result = billing_run(today=day)
        skipped = (
            f", {result.skipped} customers skipped (invoiced by another run)"
            if result.skipped
            else ""
        )
        self.stdout.write(f"{result.invoices} invoices, {result.lines} lines issued{skipped}.")


def _parse(value: str):
    return date.fromisoformat(value)
