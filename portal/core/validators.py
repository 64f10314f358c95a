"""Validators shared by forms of several areas."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import get_cc_module
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalize_tax_id(country: str, value: str) -> str:
    """The tax id in its compact form, validated for its country where python-stdnum knows it
    (Polish NIP by checksum, Hungarian, German VAT…); other countries are kept as typed."""
    value = (value or "").strip()
    if not value or not country:
        return value
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
