"""Issue 8.4: hostile input is a message at the field or an empty result, never a 500.

For every demo-like account (each partner level, a distributor's Primary, a storefront user, each
vendor role, and nobody signed in) the test walks every page without path arguments found in the
URL configuration (so a page added later is covered without anyone listing it), sends hostile
values in every query parameter the page's forms read, then posts hostile values to every form of
those pages: the field names come from the page itself, parsed with html.parser. Any answer of
500 or more, and any exception, fails the test. It runs on SQLite and on PostgreSQL (CI runs the
suite on both); PostgreSQL refuses NUL bytes in strings, SQLite does not, so both matter.
"""

from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portal.customers.tables import CustomerTable
from portal.demo.testing import make_tenant, make_vendor_member
from portal.mail.services import email_queue
from portal.team import services
from portal.team.services import staff_request_file
from portal.team.tables import PartnerTable
from portal.tenancy.models import Level, VendorRole

HOSTILE = {
    "nul": "a\x00b",
    "long": "x" * 10_000,
    "rtl": "\u202eevil.exe",
    "emoji": "\U0001f600\U0001f44d\U0001f3fd\u200d",
    "newline": "Evil\nClick http://x",
    # a well-formed address longer than the 254 characters a stored address may have
    "long_email": "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".test",
}
# Query parameters our lists read, whether or not the page shows a form for them.
QUERY_PARAMETERS = ("q", "status", "kind", "sort", "page", "show")
SKIPPED_NAMESPACES = {"admin"}
# Pages whose answer depends on who asks: every account tries them.
AREA_PREFIXES = ("/portal/", "/store/", "/console/", "/profile/")
# Logging out would end the walk of the account; allauth's one-time-key pages take path
# arguments, so the walk never meets them.
SKIPPED_ACTIONS = ("/accounts/logout/",)
# Buttons without fields that would end what the walk needs later: withdrawing the staff request
# the vendor accounts are meant to decide.
SKIPPED_ACTION_ENDINGS = ("/withdraw/",)


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.pattern.converters


def pages() -> list[str]:
    """Every route without a path argument (allauth's one-time-key URLs all take one)."""
    found = []
    for route, converters in _walk(get_resolver()):
        if converters or "(?P<" in route or "^" in route:
            continue
        found.append("/" + route)
    return found


class FormParser(HTMLParser):
    """The <form> elements of a page: method, action and fields with their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        fields = self._form["fields"]
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                fields.setdefault(name, "")
                if "checked" in attrs:
                    fields[name] = attrs.get("value") or "on"
                return
            fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            current = fields[self._select]
            if "selected" in attrs or not current:
                fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def accounts(db):
    tenant = make_tenant("Hostile Resale")
    staff_request_file(
        actor=tenant.actor("primary"),
        full_name="Pending Person",
        email="pending@hostileresale.test",
        level=Level.BASIC,
    )
    email_queue(to="someone@hostileresale.test", subject="Hello", body_text="Body")
    # Nobody signed in first: the login, password reset and activation forms.
    found = {"anonymous": None, **tenant.members}
    found["storefront"] = tenant.storefront_user
    found["distributor"] = services.member_add(
        actor=None,
        organization=tenant.organization.parent,
        email="primary@hostile-distribution.test",
        full_name="Distributor Primary",
        role=Level.PRIMARY,
        password="x-password-123",
        is_company_manager=True,
    )
    for role in VendorRole:
        found[f"vendor_{role.value}"] = make_vendor_member(role)
    return found


def _check(response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{what} answered {response.status_code}")


def _request(client, method: str, url: str, data, what: str, failures: list[str]):
    try:
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
    except Exception as error:  # noqa: BLE001 - any exception is what this test is looking for
        failures.append(f"{what} raised {type(error).__name__}: {str(error)[:200]}")
        return None
    _check(response, what, failures)
    return response


def _hostile_queries(client, url: str, names: set[str], failures: list[str], *, singly: bool):
    for label, value in HOSTILE.items():
        query = urlencode(dict.fromkeys(sorted(names), value))
        _request(client, "get", f"{url}?{query}", None, f"GET {url} all={label}", failures)
    if singly:  # one at a time too, so a value refused by one field cannot hide another's fault
        for name in sorted(names):
            query = urlencode({name: HOSTILE["nul"]})
            _request(client, "get", f"{url}?{query}", None, f"GET {url} {name}=nul", failures)


def _hostile_posts(client, action: str, fields: dict, failures: list[str], *, singly: bool):
    names = [name for name in fields if name != "csrfmiddlewaretoken"]
    for label, value in HOSTILE.items():
        data = {**fields, **dict.fromkeys(names, value)}
        _request(client, "post", action, data, f"POST {action} all={label}", failures)
        if not singly:
            continue
        # One field hostile, the others as the page filled them in: the form is otherwise
        # valid, so the value reaches the service and the database.
        for name in names:
            data = {**fields, name: value}
            _request(client, "post", action, data, f"POST {action} {name}={label}", failures)


@pytest.mark.filterwarnings("ignore::DeprecationWarning:django_tables2")
def test_hostile_input_never_gives_a_server_error(accounts, client, login):
    """Every account sends every hostile value to every page of the areas and to every form on
    them. Each query parameter and form field is also tried on its own the first time the page
    or form is met: one answer already exercises that code path, and it keeps the test fast.
    Pages outside the areas (allauth's, the public activation and health pages) are the same
    whoever asks, so the first account that can open them tries them."""
    failures: list[str] = []
    seen: set[tuple] = set()
    reached: dict[str, int] = {}
    for who, member in accounts.items():
        if member is None:
            client.logout()
        else:
            client = login(member)
        reached[who], first_failure, posted = 0, len(failures), set()
        for url in pages():
            shared = not url.startswith(AREA_PREFIXES)
            if shared and ("page", url) in seen:
                continue
            page = _request(client, "get", url, None, f"GET {url}", failures)
            if page is None or page.status_code != 200:
                continue
            if shared:
                seen.add(("page", url))
            reached[who] += 1
            forms = forms_of(page.content.decode())
            query_names = set(QUERY_PARAMETERS)
            for form in forms:
                if form["method"] == "get":
                    query_names |= set(form["fields"])
            key = ("get", url, tuple(sorted(query_names)))
            _hostile_queries(client, url, query_names, failures, singly=key not in seen)
            seen.add(key)
            for form in forms:
                action = urlsplit(form["action"]).path or url
                key = ("post", action, tuple(sorted(form["fields"])))
                if (
                    form["method"] != "post"
                    or action.startswith(SKIPPED_ACTIONS)
                    or action.endswith(SKIPPED_ACTION_ENDINGS)
                ):
                    continue
                if key in posted:  # the same form on another page (the organization switch)
                    continue
                posted.add(key)
                _hostile_posts(client, action, form["fields"], failures, singly=key not in seen)
                seen.add(key)
        failures[first_failure:] = [f"[{who}] {failure}" for failure in failures[first_failure:]]
    assert not failures, "\n".join(failures)
    too_few = {who: count for who, count in reached.items() if count < 2}
    assert not too_few, f"accounts that reached too few pages to prove anything: {too_few}"
    # Positive control: the parser found the forms that matter, so the walk did post to them.
    posted_to = {key[1] for key in seen if key[0] == "post"}
    expected = {
        "/accounts/login/",
        "/profile/personal/",
        "/portal/employees/requests/",
        "/portal/company/info/",
        "/portal/company/billing/",
    }
    assert expected <= posted_to, f"never posted to {expected - posted_to}"
    assert any(action.startswith("/console/team/staff-requests/") for action in posted_to)


@pytest.mark.parametrize(
    ("who", "url", "table"),
    [
        ("distributor", "/portal/customers/", CustomerTable),
        ("vendor_admin", "/console/team/partners/", PartnerTable),
    ],
)
def test_lists_sort_by_every_sortable_column(accounts, login, who, url, table):
    """`sort` is read by django-tables2's RequestConfig: each column's header link works."""
    client = login(accounts[who])
    shown = client.get(url).context["table"]
    assert isinstance(shown, table)
    columns = [column.name for column in shown.columns if column.orderable]
    assert len(columns) >= 3
    for name in columns:
        for sort in (name, f"-{name}"):
            response = client.get(url, {"sort": sort})
            assert response.status_code == 200, f"{url}?sort={sort}"
            assert response.context["table"].order_by == (sort,), f"{url}?sort={sort}"
