"""Where a request came from (carried on the actor into the audit trail) and the person's date
format (read by the date filters while a page renders)."""

from contextvars import ContextVar
from dataclasses import dataclass

from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None = None
    user_agent: str = ""


NO_ORIGIN = RequestOrigin()


def client_ip(request) -> str | None:
    """The client's address as the login throttling sees it: behind the configured number of
    trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT) the address they appended to X-Forwarded-For,
    or the one header the proxy sets (ALLAUTH_TRUSTED_CLIENT_IP_HEADER); REMOTE_ADDR otherwise.
    A client can forge X-Forwarded-For, but only the entries before the trusted proxies' own."""
    try:
        return get_client_ip(request)
    except ImproperlyConfigured:  # fewer forwarded addresses than proxies: not through them
        return request.META.get("REMOTE_ADDR") or None


def origin_from_request(request) -> RequestOrigin:
    if request is None:
        return NO_ORIGIN
    return RequestOrigin(
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


DEFAULT_DATE_FORMAT = "Y-m-d"
_date_format: ContextVar[str] = ContextVar("date_format", default=DEFAULT_DATE_FORMAT)


def set_date_format(fmt: str):
    return _date_format.set(fmt or DEFAULT_DATE_FORMAT)


def current_date_format() -> str:
    return _date_format.get()


def reset_date_format(token) -> None:
    _date_format.reset(token)
