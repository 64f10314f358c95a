"""The same properties through the service and the database: stored totals equal the stored
lines' sums."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from portal.demo.testing import make_tenant
from portal.orders import services
from portal.orders.models import OrderLine
from portal.orders.testing import make_product, place


class OrderTotals(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tenant = make_tenant("Money Resale")
        cls.products = [
            make_product(f"H{i}", cost=cost)
            for i, cost in enumerate(["0.01", "9.99", "33.33", "1234.56"])
        ]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        percent=st.decimals(min_value=0, max_value=1000, places=2),
        quantities=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=4),
    )
    def test_stored_totals_are_sums_of_lines(self, percent, quantities):
        primary = self.tenant.members["primary"]
        services.markup_set(actor=self.tenant.actor("primary"), product=None, percent=str(percent))
        items = list(zip(self.products, quantities, strict=False))
        order = place(primary, self.tenant.customers[0], *items)
        lines = OrderLine.objects.filter(order=order)
        assert order.total_amount == sum((line.line_amount for line in lines), Decimal("0"))
        assert order.total_cost == sum((line.line_cost for line in lines), Decimal("0"))
        for line in lines:
            assert line.line_amount == line.unit_price * line.quantity


pytestmark = pytest.mark.django_db
