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

Rendered parts of pages are kept the same way (`cached_for_reader`, and `{% kept %}` in
templates: the menu and header of every page, the rows of the big lists). Their key also holds
what the page shows of the reader beyond their organization's data (the address, their name and
date format, the companies they can switch to), and they are used only to answer a GET: a form
sent back is rendered afresh. A form's CSRF token is filled in when the part is served.

Each organization has two versions. Its *data* version moves with every change of business
data; its *trail* version moves with every entry of its audit trail, the data changes and also
the entries that change nothing else (a sign-in, a refused page, an export: `audit.verbs`
`TRAIL_ONLY`). Figures and parts depend on the data version, except those that show the trail
itself (the activity logs: `trail=True`), so a morning of sign-ins leaves every list kept.

Versions are random tokens, not counters: a token that expired or a cache that was emptied
simply reads as "changed".
"""

import contextlib
import contextvars
import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone, translation
from django.utils.connection import ConnectionProxy
from django.utils.functional import Promise

from portal.tenancy.models import Organization

EVERYTHING = "figures:v:all"
EVERY_TRAIL = "figures:t:all"
# The "figures" cache of settings.CACHES, per thread like django.core.cache.cache.
cache = ConnectionProxy(caches, "figures")
VERSION_SECONDS = 7 * 24 * 3600


@functools.cache
def release() -> str:
    """Which release kept a figure or part, in every key: `PORTAL_RELEASE` when the deployment
    names one, otherwise a digest of the portal's code, templates and translations as they are
    on disk. A new release never serves what an older one kept (HTML of another shape, figures
    of another layout), also while both run side by side during a rolling deploy."""
    if settings.PORTAL_RELEASE:
        return settings.PORTAL_RELEASE
    root = settings.BASE_DIR
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(
        path
        for folder, patterns in (
            ("portal", ("*.py", "*.html")),
            ("templates", ("*.html",)),
            ("locale", ("*.mo",)),
        )
        for pattern in patterns
        for path in (root / folder).rglob(pattern)
    ):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version_key(organization_id) -> str:
    return f"figures:v:{organization_id}"


def _trail_key(organization_id) -> str:
    return f"figures:t:{organization_id}"


def enabled() -> bool:
    return settings.PORTAL_FIGURES_CACHE_SECONDS > 0


def organization_changed(organization, *, trail_only: bool = False) -> None:
    """Figures computed for this organization or above it are out of date (`trail_only`: only
    those that show its audit trail: an entry that changed no other data)."""
    if not enabled():
        return
    if organization is None or not organization.parent_id:
        ids = [organization.pk] if organization else []
        keys = [EVERY_TRAIL, *map(_trail_key, ids)]
        if not trail_only:
            keys += [EVERYTHING, *map(_version_key, ids)]
    else:
        ids = [pk for pk in organization.path.strip("/").split("/") if pk]
        keys = [*map(_trail_key, ids)]
        if not trail_only:
            keys += [*map(_version_key, ids)]
    token = secrets.token_hex(8)
    cache.set_many(dict.fromkeys(keys, token), timeout=VERSION_SECONDS)


def person_changed(user) -> None:
    """What others see of a person (name, job title, phone, being active staff) changed: the
    audit entry names one company, and the person may work in several. Told on commit, as the
    trail does."""
    if not enabled():
        return
    for organization in Organization.objects.filter(memberships__user=user).distinct():
        transaction.on_commit(lambda org=organization: organization_changed(org))


def everything_changed() -> None:
    """After data was loaded behind the services' back (demo and benchmark seeding)."""
    if enabled():
        token = secrets.token_hex(8)
        cache.set_many(dict.fromkeys([EVERYTHING, EVERY_TRAIL], token), timeout=VERSION_SECONDS)


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


def read_versions(request, organization) -> None:
    """Read the versions of this page view now (FigureVersionsMiddleware: before the view)."""
    _versions(organization, request)


def _versions(organization, request=None, *, trail: bool = False) -> tuple[str, str]:
    """The organization's version and the vendor-wide one (`trail`: of its audit trail); read
    once per page view when the request is given (a GET: a page view writes nothing after its
    first figure is read)."""
    memo = None
    if request is not None and request.method in ("GET", "HEAD"):
        memo = request.__dict__.setdefault("_figure_versions", {})
        if organization.pk in memo:
            return memo[organization.pk][trail]
    keys = [_version_key(organization.pk), EVERYTHING, _trail_key(organization.pk), EVERY_TRAIL]
    tokens = _version_tokens(keys)
    data_versions = tokens.get(keys[0], ""), tokens.get(keys[1], "")
    trail_versions = tokens.get(keys[2], ""), tokens.get(keys[3], "")
    if memo is not None:
        memo[organization.pk] = (data_versions, trail_versions)
    return trail_versions if trail else data_versions


def cached(actor, name: str, compute, *, variant: str = "", request=None, trail: bool = False):
    """`compute()` — figures of `name` as `actor` sees them — from the cache when nothing in the
    actor's organization changed since it was computed (`request`: the page view they are read
    for, which reads the versions once; `trail`: they show the audit trail, and are computed
    again after any entry in it)."""
    if not enabled():
        return compute()
    own, everything = _versions(actor.organization, request, trail=trail)
    key = ":".join(
        [
            f"figures:{release()}:{name}",
            "t" if trail else "d",
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


def reader_variant(request, extra: str = "") -> str | None:
    """What a page part shows of its reader besides their organization's data, as one key part;
    None when the part must be rendered afresh: not a GET (a form sent back shows what was typed
    and its errors), or with messages waiting to be shown (they are shown once)."""
    if request.method not in ("GET", "HEAD") or _messages_waiting(request):
        return None
    user = request.user
    switchable = ",".join(
        f"{membership.pk}:{membership.organization.name}"
        for membership in getattr(request, "memberships", ())
    )
    parts = (
        request.get_full_path(),
        user.date_format,
        user.full_name,
        switchable,
        extra,
    )
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _messages_waiting(request) -> bool:
    # len() reads the stored messages without marking them shown
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cached_for_reader(request, name: str, render, *, extra: str = "", trail: bool = False):
    """`render()` — a part of the page at this address, as `request.actor` sees it — from the
    cache while nothing in the actor's organization changed (see `reader_variant`; `extra`: more
    that the part depends on, in its key; `trail`: the part shows the audit trail)."""
    actor = getattr(request, "actor", None)
    variant = reader_variant(request, extra) if actor is not None and enabled() else None
    if variant is None:
        return render()
    return cached(actor, f"part:{name}", render, variant=variant, request=request, trail=trail)


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
        pk: f"figures:{release()}:{name}:{pk}:{versions.get(key, '')}:{everything}"
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


_one_pass: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "figures_pass", default=None
)


@contextlib.contextmanager
def one_pass():
    """While a home's panels are computed, a figure that two areas' panels show (the customers'
    and the orders' "transacting customers") is read from the database once. Nothing outlives
    the pass: outside it, every call reads afresh."""
    token = _one_pass.set({})
    try:
        yield
    finally:
        _one_pass.reset(token)


def once_per_pass(function):
    """`function(actor)` computed once per actor in each `one_pass`."""

    @functools.wraps(function)
    def read(actor):
        memo = _one_pass.get()
        if memo is None:
            return function(actor)
        key = (function, id(actor))
        # the actor is kept with its figure: an id is unique only while its object lives
        if key not in memo or memo[key][0] is not actor:
            memo[key] = (actor, function(actor))
        return memo[key][1]

    return read
