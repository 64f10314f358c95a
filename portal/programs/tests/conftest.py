import itertools

import pytest
from django.core.cache import cache

from portal.demo.testing import actor_for, make_vendor_member

_nip_numbers = itertools.count(100_000_00)
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def valid_nip() -> str:
    """A fresh Polish NIP with a valid check digit."""
    while True:
        digits = [int(d) for d in str(next(_nip_numbers)).rjust(9, "1")[:9]]
        check = sum(w * d for w, d in zip(NIP_WEIGHTS, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def company(**overrides) -> dict:
    """Everything the public forms require, valid."""
    return {
        "company_name": "Client Co",
        "tax_id": valid_nip(),
        "country": "PL",
        "address": "ul. Polna 1",
        "city": "Gdańsk",
        "postcode": "80-001",
        "contact_name": "Jan Kowalski",
        "email": "jan@client.test",
        "phone": "+48 22 123 45 67",
        **overrides,
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def vendor(db):
    return actor_for(make_vendor_member())
