"""Values a page reads only when its template uses them (issue 9: a page part kept in the cache
reads nothing).

Django's template engine renders a lookup that raises TypeError, AttributeError, KeyError,
ValueError, IndexError or ObjectDoesNotExist as an empty string. A value computed eagerly in the
view failed the request instead; computed lazily, the same bug would render a blank part, and a
kept part would then be served blank for minutes. `deferred` turns such errors into a
`DeferredValueError`, which the engine does not swallow.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import SimpleLazyObject

_SWALLOWED_BY_TEMPLATES = (
    TypeError,
    AttributeError,
    KeyError,
    ValueError,
    IndexError,
    ObjectDoesNotExist,
)


class DeferredValueError(RuntimeError):
    """A deferred value failed to compute."""


def deferred(compute):
    """`compute()`, run the first time the value is used (by a template, mostly)."""

    def run():
        try:
            return compute()
        except _SWALLOWED_BY_TEMPLATES as error:
            raise DeferredValueError(f"computing {compute!r} failed: {error!r}") from error

    return SimpleLazyObject(run)
