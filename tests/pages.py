"""Helpers for tests that compare whole pages."""

import re


def without_csrf_tokens(page: str) -> str:
    """A CSRF token is masked afresh on every response."""
    return re.sub(r'(csrfmiddlewaretoken" value=|CSRFToken": )"[^"]+"', "", page)
