"""One-line and plain-text validators (issue 8.9): what they refuse and what names keep."""

import pytest
from django.core.exceptions import ValidationError

from portal.core.validators import validate_plain_text, validate_single_line

REFUSED = {
    "newline": "Evil\nClick http://x",
    "carriage return": "Evil\rClick",
    "tab": "Evil\tName",
    "nul": "Evil\x00",
    "escape": "Evil\x1b[31m",
    "next line (C1)": "Evil\x85Click",
    "right-to-left override": "Invoice \u202egpj.exe",
    "left-to-right embedding": "\u202aName",
    "isolate": "Name\u2066x\u2069",
    "zero-width space": "Ad\u200bmin",
    "byte order mark": "\ufeffName",
}
KEPT = [
    "Zoë Łukasiewicz-Żółć",
    "José María O'Neil",
    "محمد عبدالله",
    "می\u200cخواهم",  # a zero-width non-joiner inside a Persian word
    "Ana \U0001f469\u200d\U0001f4bb",  # an emoji sequence joined by a zero-width joiner
    "",
]


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
def test_a_single_line_refuses_control_and_format_characters(value):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(value)
    assert refused.value.messages == ["Use a single line of text without control characters."]


@pytest.mark.parametrize("value", KEPT)
def test_names_in_any_script_pass(value):
    validate_single_line(value)
    validate_plain_text(value)


def test_plain_text_keeps_line_breaks_and_tabs_but_not_overrides():
    validate_plain_text("Main street 1\r\nFloor 2\tDesk 4")
    with pytest.raises(ValidationError):
        validate_plain_text("Main street 1\n\u202eevil")
    with pytest.raises(ValidationError):
        validate_plain_text("Main street\x00")
