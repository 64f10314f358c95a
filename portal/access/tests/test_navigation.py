"""The menu marks exactly one entry as the current page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_only_the_deepest_matching_entry_is_current(tenant_a, login):
    client = login(tenant_a.members["primary"])
    menu = client.get(reverse("orders:markup")).context["menu"]
    current = [item["label"] for item in menu if item["active"]]
    assert [str(label) for label in current] == ["Markup"]


def test_a_page_below_an_entry_keeps_it_current(tenant_a, login):
    client = login(tenant_a.members["primary"])
    order_list = reverse("orders:list")
    menu = client.get(reverse("orders:customer_orders", args=[tenant_a.customers[0].pk])).context[
        "menu"
    ]
    assert [item["url"] for item in menu if item["active"]] == [order_list]
