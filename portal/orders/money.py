"""Money arithmetic of the catalogue and orders: Decimal only, rounded at named points.

Rounding happens in exactly three places, always to the cent with ROUND_HALF_UP:
the unit price of a line (cost plus markup), the monthly amount of a subscription (its recurring
amount divided by the months of its period) and an invoice's tax. Line totals are unit × quantity
(exact: a whole number of cents), order and invoice totals are sums of lines (exact). Floats never
appear.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_MARKUP_PERCENT = Decimal("1000")


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (the one rounding rule of the portal)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def price_with_markup(cost: Decimal, markup_percent: Decimal) -> Decimal:
    """The reseller's unit price: its cost plus its markup, rounded to the cent."""
    return cents(Decimal(cost) * (HUNDRED + Decimal(markup_percent)) / HUNDRED)


def line_total(unit: Decimal, quantity: int) -> Decimal:
    return Decimal(unit) * int(quantity)


def monthly(amount: Decimal, period_months: int) -> Decimal:
    """A recurring amount normalised to one month (the run rate), rounded to the cent."""
    return cents(Decimal(amount) / int(period_months))


def tax_of(net: Decimal, rate_percent: Decimal) -> Decimal:
    return cents(Decimal(net) * Decimal(rate_percent) / HUNDRED)
