"""Money properties (hypothesis): totals are the sums of their lines, markup rounds half up to
the cent, and nothing is lost or made up on the way."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.orders import money

costs = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=2)
quantities = st.integers(min_value=1, max_value=10_000)


@given(cost=costs, percent=percents)
def test_unit_price_is_cost_plus_markup_rounded_half_up(cost, percent):
    price = money.price_with_markup(cost, percent)
    exact = cost * (100 + percent) / 100
    assert price == price.quantize(Decimal("0.01"))
    assert abs(price - exact) <= Decimal("0.005")
    assert price >= cost
    assert price == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(cost=costs)
def test_zero_markup_is_the_cost(cost):
    assert money.price_with_markup(cost, Decimal("0")) == cost


@settings(max_examples=50)
@given(lines=st.lists(st.tuples(costs, percents, quantities), min_size=1, max_size=20))
def test_order_totals_equal_the_sum_of_lines_exactly(lines):
    amounts = [money.line_total(money.price_with_markup(c, p), q) for c, p, q in lines]
    costs_ = [money.line_total(c, q) for c, _p, q in lines]
    assert sum(amounts) == sum(amounts, Decimal("0.00"))
    for amount in amounts + costs_:
        assert amount == amount.quantize(Decimal("0.01"))  # whole cents, nothing rounded away
    assert sum(amounts) >= sum(costs_)


@given(amount=costs, period=st.sampled_from([1, 6, 12, 36]))
def test_monthly_amount_is_within_half_a_cent(amount, period):
    monthly = money.monthly(amount, period)
    assert abs(monthly - amount / period) <= Decimal("0.005")


@given(net=costs, rate=st.decimals(min_value=0, max_value=100, places=2))
def test_tax_rounds_half_up(net, rate):
    tax = money.tax_of(net, rate)
    assert tax == (net * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
