"""The home pages' figures, kept in the shared cache until something changes (issue 9).

A home page is a dozen counts and sums from every area (pending orders, open cases, run rate
trends…): each costs little in SQL but a query apiece, so the whole is most of the page's time.
They are kept per person (figures depend on the level: "my cases") and read again as soon as
anything in their organization changes:

- every change of business data is written to the audit trail, and the audit trail calls
  `organization_changed` once the change is committed: the organization's version and those of
  every organization above it (a distributor's figures include its resellers') move on, so the
  next home page of anyone in them computes its figures afresh;
- a change of the vendor's own data (catalogue, terms, articles) or one without an organization
  moves the version every figure depends on;
- what changes with the clock alone (an invoice becoming overdue, a request becoming late) is at
  most `PORTAL_FIGURES_CACHE_SECONDS` old.

Versions are random tokens, not counters: a token that expired or a cache that was emptied
simply reads as "changed".
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise

# Raise when what a widget's context holds changes shape, so a deployment never renders the
# figures an older release kept.
LAYOUT = 1
EVERYTHING = "figures:v:all"
VERSION_SECONDS = 7 * 24 * 3600


def _version_key(organization_id) -> str:
    return f"figures:v:{organization_id}"


def enabled() -> bool:
    return settings.PORTAL_FIGURES_CACHE_SECONDS > 0


def organization_changed(organization) -> None:
    """Figures computed for this organization or above it are out of date."""
    if not enabled():
        return
    if organization is None or not organization.parent_id:
        keys = [EVERYTHING] + ([_version_key(organization.pk)] if organization else [])
    else:
        keys = [_version_key(pk) for pk in organization.path.strip("/").split("/") if pk]
    token = secrets.token_hex(8)
    cache.set_many(dict.fromkeys(keys, token), timeout=VERSION_SECONDS)


def everything_changed() -> None:
    """After data was loaded behind the services' back (demo and benchmark seeding)."""
    if enabled():
        cache.set(EVERYTHING, secrets.token_hex(8), timeout=VERSION_SECONDS)


def _version_tokens(keys: list[str]) -> dict[str, str]:
    """The current token of each version key, starting those that have none."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # add(): of two requests starting a version at once, both end up with the same one
        for key in missing:
            cache.add(key, secrets.token_hex(8), timeout=VERSION_SECONDS)
        found.update(cache.get_many(missing))
    return found


def _versions(organization) -> tuple[str, str]:
    tokens = _version_tokens([_version_key(organization.pk), EVERYTHING])
    return tokens.get(_version_key(organization.pk), ""), tokens.get(EVERYTHING, "")


def cached(actor, name: str, compute, *, variant: str = ""):
    """`compute()` — figures of `name` as `actor` sees them — from the cache when nothing in the
    actor's organization changed since it was computed."""
    if not enabled():
        return compute()
    own, everything = _versions(actor.organization)
    key = ":".join(
        [
            f"figures:{LAYOUT}:{name}",
            str(actor.membership.pk),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            variant,
            own,
            everything,
        ]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, _settled(value), timeout=settings.PORTAL_FIGURES_CACHE_SECONDS)
    return value


def per_organization(name: str, organizations, compute) -> dict:
    """One figure of each organization (its active staff, say), from the cache while nothing in
    that organization changed: `compute(ids)` returns {id: value} for those not cached. Two
    cache round trips whatever the number of organizations; their figure does not depend on who
    reads it, so it is shared by every reader."""
    ids = [organization.pk for organization in organizations]
    if not enabled() or not ids:
        return compute(ids)
    version_keys = {pk: _version_key(pk) for pk in ids}
    versions = _version_tokens([*version_keys.values(), EVERYTHING])
    everything = versions.get(EVERYTHING, "")
    keys = {
        pk: f"figures:{LAYOUT}:{name}:{pk}:{versions.get(key, '')}:{everything}"
        for pk, key in version_keys.items()
    }
    found = cache.get_many(list(keys.values()))
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    absent = [pk for pk in ids if pk not in values]
    if absent:
        fresh = compute(absent)
        cache.set_many(
            {keys[pk]: fresh[pk] for pk in absent if pk in fresh},
            timeout=settings.PORTAL_FIGURES_CACHE_SECONDS,
        )
        values.update(fresh)
    return values


def _settled(value):
    """Lazy translations as the text they are now (the key holds the language): unpickling a
    lazy string builds a new proxy class each time, which cost more than the figures saved."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _settled(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_settled(item) for item in value)
    return value
