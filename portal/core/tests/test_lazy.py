"""A deferred value that fails does not render as a blank (portal/core/lazy.py)."""

import pytest
from django.template import Context, Template

from portal.core.lazy import DeferredValueError, deferred


def test_a_value_is_computed_once_when_first_used():
    calls = []
    value = deferred(lambda: calls.append(1) or {"total": 3})
    assert calls == []
    assert (
        Template("{{ value.total }}/{{ value.total }}").render(Context({"value": value})) == "3/3"
    )
    assert calls == [1]


def test_a_failure_fails_the_page_instead_of_rendering_nothing():
    value = deferred(lambda: {}["missing"])
    with pytest.raises(DeferredValueError):
        Template("{{ value.total }}").render(Context({"value": value}))
    # what Django does with the same lookup computed eagerly: a blank
    assert Template("{{ value.total }}").render(Context({"value": {}})) == ""
