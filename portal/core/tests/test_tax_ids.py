"""Tax ids validated for their country (PROG-1, COMP-1): Polish NIP and Hungarian tax numbers by
checksum through python-stdnum, the same company found whichever form of its number is typed."""

import pytest
from django.core.exceptions import ValidationError

from portal.core.validators import normalize_tax_id, tax_id_key

VALID = [
    ("PL", "8567346215", "8567346215"),
    ("PL", "856-734-62-15", "8567346215"),
    ("PL", "PL 856 734 62 15", "8567346215"),
    ("HU", "12892312", "12892312"),  # the 8-digit core (the EU VAT number without HU)
    ("HU", "HU12892312", "12892312"),
    ("HU", "12892312-2-41", "12892312-2-41"),  # the 11-digit tax number (adószám)
    ("HU", "12892312241", "12892312-2-41"),
    ("DE", "DE136695976", "136695976"),
]
INVALID = [
    ("PL", "8567346216", "checksum"),
    ("PL", "85673462", "length"),
    ("PL", "ABCDEFGHIJ", "format"),
    ("HU", "12892313", "checksum"),
    ("HU", "12892313-2-41", "checksum"),
    ("HU", "12892312-2-99", "format"),  # no such county
    ("HU", "12892312-7-41", "length"),  # no such VAT status
    ("DE", "DE13669597", "length"),
]


@pytest.mark.parametrize(("country", "typed", "stored"), VALID)
def test_valid_tax_ids_are_stored_compact(country, typed, stored):
    assert normalize_tax_id(country, typed) == stored


@pytest.mark.parametrize(("country", "typed", "code"), INVALID)
def test_invalid_tax_ids_are_refused(country, typed, code):
    with pytest.raises(ValidationError) as refused:
        normalize_tax_id(country, typed)
    assert refused.value.code == code


def test_the_key_finds_one_hungarian_company_in_either_form():
    short = tax_id_key("HU", normalize_tax_id("HU", "12892312"))
    long = tax_id_key("HU", normalize_tax_id("HU", "12892312-2-41"))
    assert short == long == "HU:12892312"
    assert tax_id_key("PL", "8567346215") != tax_id_key("CZ", "8567346215")
    assert tax_id_key("PL", "") == ""
