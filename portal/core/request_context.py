"""Where a request came from (carried on the actor into the audit trail) and the person's date
format (read by the date filters while a page renders)."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None = None
    user_agent: str = ""


NO_ORIGIN = RequestOrigin()


def origin_from_request(request) -> RequestOrigin:
    # REMOTE_ADDR only: behind a proxy the proxy must set it (X-Forwarded-For can be forged).
    if request is None:
        return NO_ORIGIN
    return RequestOrigin(
        ip_address=request.META.get("REMOTE_ADDR") or None,
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
