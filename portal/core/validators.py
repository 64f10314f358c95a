"""Validators shared by models and forms of several areas: tax ids, one-line and plain text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import get_cc_module
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

# A Hungarian tax number (adószám) is "12345676-2-41": the 8-digit taxpayer number with its
# check digit (what python-stdnum's hu.anum validates, and the core of the EU VAT number), a VAT
# status digit (1-5) and a two-digit county code. stdnum knows only the 8-digit core.
_HU_TAX_NUMBER = re.compile(r"^(?:HU)?(\d{8})-?([1-5])-?(\d{2})$")
_HU_COUNTY_CODES = frozenset(
    {f"{code:02d}" for code in range(2, 21)} | {"22", "41", "42", "44", "51"}
)


def _normalize_hu_tax_number(value: str) -> str | None:
    """ "12892312-2-41" for an 11-digit Hungarian tax number (core checked by stdnum), None when
    the value is not in the 11-digit form (the 8-digit form goes through stdnum as a VAT number)."""
    match = _HU_TAX_NUMBER.match(re.sub(r"[\s.]", "", value).upper())
    if match is None:
        return None
    core, vat_status, county = match.groups()
    module = get_cc_module("hu", "vat")
    module.validate(core)  # raises InvalidChecksum for a wrong check digit
    if county not in _HU_COUNTY_CODES:
        raise InvalidFormat()
    return f"{core}-{vat_status}-{county}"


def tax_id_key(country: str, tax_id: str) -> str:
    """What identifies the company behind a normalized tax id, for "registered once" rules: the
    Hungarian 8-digit core of an 11-digit tax number (the same company as its VAT number),
    otherwise the normalized tax id itself, both prefixed with the country."""
    tax_id = (tax_id or "").strip().upper()
    if not tax_id:
        return ""
    country = (country or "").upper()
    if country == "HU":
        tax_id = tax_id.replace("-", "")[:8]
    return f"{country}:{tax_id}"


def normalize_tax_id(country: str, value: str) -> str:
    """The tax id in its compact form, validated for its country where python-stdnum knows it
    (Polish NIP by checksum, Hungarian tax number and VAT number by checksum, German VAT…);
    other countries are kept as typed."""
    value = (value or "").strip()
    if not value or not country:
        return value
    try:
        if country.upper() == "HU" and (hungarian := _normalize_hu_tax_number(value)):
            return hungarian
    except InvalidChecksum:
        raise ValidationError(_("This tax id's check digit is wrong."), code="checksum") from None
    except (InvalidFormat, InvalidLength, StdnumError):
        raise ValidationError(
            _("This is not a valid tax id for the selected country."), code="format"
        ) from None
    module = get_cc_module(country.lower(), "vat")
    if module is None:
        return value
    try:
        return module.validate(value)
    except InvalidChecksum:
        raise ValidationError(_("This tax id's check digit is wrong."), code="checksum") from None
    except InvalidLength:
        raise ValidationError(
            _("This tax id has the wrong number of digits."), code="length"
        ) from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(
            _("This is not a valid tax id for the selected country."), code="format"
        ) from None


# Zero-width (non-)joiners shape Persian and Indic names and emoji sequences; they neither break
# a line nor reorder text, so they are the two format characters a name may carry.
_JOINERS = frozenset("\u200c\u200d")
_LINE_BREAKS = frozenset("\n\r\t")


def _control_characters(value: str, *, allowed: frozenset[str] = frozenset()) -> bool:
    """Control (Cc) or format (Cf) characters: line breaks, tabs, NUL, bidirectional overrides
    and isolates (U+202A-U+202E, U+2066-U+2069), zero-width spaces, byte order marks..."""
    return any(
        unicodedata.category(char) in ("Cc", "Cf") and char not in _JOINERS | allowed
        for char in value
    )


def validate_single_line(value) -> None:
    """Names and other one-line fields: what a person types is shown in pages and plain-text
    emails ("Hello {name}"), so a line break or a right-to-left override there could make the
    text say something else ("Evil\\nClick http://…")."""
    if value and _control_characters(str(value)):
        raise ValidationError(
            _("Use a single line of text without control characters."), code="single_line"
        )


def validate_plain_text(value) -> None:
    """Texts of several lines (an address, a reason): line breaks and tabs are welcome, other
    control characters and bidirectional overrides are not."""
    if value and _control_characters(str(value), allowed=_LINE_BREAKS):
        raise ValidationError(
            _("Remove the control characters from this text."), code="control_characters"
        )
