"""An invoice as a PDF (fpdf2), with the DejaVu Sans TrueType font bundled in `fonts/` so Polish
and Hungarian letters print (Bitstream Vera / DejaVu license: fonts/LICENSE.txt). Labels are in
the active language (the caller picks the reader's); amounts are formatted like the pages."""

from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"


def _money(value, currency: str) -> str:
    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)} {currency}"


def render_invoice_pdf(invoice) -> bytes:
    customer = invoice.customer
    details = getattr(customer, "details", None)
    pdf = FPDF(format="A4")
    pdf.set_title(_("Invoice %(number)s") % {"number": invoice.number})
    pdf.set_lang(translation.get_language() or "en")  # the document's language, for readers
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(
        0, 10, _("Invoice %(number)s") % {"number": invoice.number}, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("DejaVu", "", 10)
    for label, value in (
        (_("Issued"), date_format(invoice.issued_on)),
        (_("Due"), date_format(invoice.due_on)),
        (_("Seller"), invoice.reseller.name),
        (_("Customer"), customer.name),
    ):
        pdf.cell(40, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    if details is not None:
        address = f"{details.address}, {details.postcode} {details.city}".strip(", ")
        pdf.cell(40, 6, "")
        pdf.cell(0, 6, address, new_x="LMARGIN", new_y="NEXT")
        if details.tax_id:
            pdf.cell(40, 6, _("Tax id"))
            pdf.cell(0, 6, details.tax_id, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 10)
    widths = (90, 20, 45, 35)
    for width, title in zip(widths, (_("Item"), _("Qty"), _("Period"), _("Amount")), strict=True):
        pdf.cell(width, 7, title, border="B")
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    for line in invoice.lines.all():
        period = (
            f"{date_format(line.period_start, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(line.period_end, 'SHORT_DATE_FORMAT')}"
            if line.period_start
            else _("one-time")
        )
        pdf.cell(widths[0], 6, line.description[:60])
        pdf.cell(widths[1], 6, str(line.quantity), align="R")
        pdf.cell(widths[2], 6, period)
        pdf.cell(widths[3], 6, _money(line.amount, invoice.currency), align="R")
        pdf.ln()
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    for label, value, bold in (
        (_("Net"), invoice.net, False),
        (_("Tax %(rate)s%%") % {"rate": number_format(invoice.tax_percent, 0)}, invoice.tax, False),
        (_("Total"), invoice.total, True),
    ):
        pdf.set_font("DejaVu", "B" if bold else "", 10)
        pdf.cell(sum(widths[:3]), 7, label, align="R")
        pdf.cell(
            widths[3], 7, _money(value, invoice.currency), align="R", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())
