"""PERF: tables are written in Python (portal/core/tables.py), cell for cell as django-tables2's
template loop wrote them. Each test renders one table both ways and compares the HTML."""

import re
from decimal import Decimal

import pytest
from django.db.models import Count
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal.core.pagination import paginate_table
from portal.core.tables import table_contents
from portal.customers.selectors import customer_list
from portal.customers.tables import CustomerTable
from portal.team import services
from portal.team.models import CompanyDetails
from portal.team.tables import PartnerStaffTable, PartnerTable
from portal.tenancy.actor import actor_for
from portal.tenancy.models import Level, Organization, OrganizationKind

# templates/components/table.html before the rows were written in Python
TEMPLATE_LOOP = """{% load django_tables2 %}
  <thead><tr>{% for column in table.columns %}
    <th{% if column.is_ordered %} aria-sort="{% if column.order_by_alias.is_descending %}descending{% else %}ascending{% endif %}"{% endif %}{% if column.attrs.th.class %} class="{{ column.attrs.th.class }}"{% endif %}>{% if column.orderable %}<a href="{{ table_base }}{% querystring_replace table.prefixed_order_by_field=column.order_by_alias.next without table.prefixed_page_field "partial" %}">{{ column.header }}{% if column.is_ordered %} <span aria-hidden="true">{% if column.order_by_alias.is_descending %}↓{% else %}↑{% endif %}</span>{% endif %}</a>{% else %}{{ column.header }}{% endif %}</th>
  {% endfor %}</tr></thead>
  <tbody>{% for row in table.paginated_rows %}<tr>{% for column, cell in row.items %}<td data-label="{{ column.header }}"{% if column.attrs.td.class %} class="{{ column.attrs.td.class }}"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
  {% empty %}<tr><td colspan="{{ table.columns|length }}" class="empty">{{ table.empty_text|default:_("Nothing here yet.") }}</td></tr>{% endfor %}</tbody>"""  # noqa: E501


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _both_ways(make_table, query: str = "", table_base: str = ""):
    """The table rendered by the old template loop and by table_contents, each from a fresh
    table (a table's rows are read once)."""
    request = RequestFactory().get("/list/" + query)
    old_table = paginate_table(request, make_table())
    old = Template(TEMPLATE_LOOP).render(
        Context({"table": old_table, "request": request, "table_base": table_base})
    )
    new = table_contents(paginate_table(request, make_table()), request, table_base)
    return _compact(old), _compact(new)


def _customers(tenant, count):
    from portal.orders.models import CustomerRunRate

    for i in range(count):
        customer = services.organization_create(
            actor=None,
            kind=OrganizationKind.CUSTOMER,
            name=f"Fast <table> customer {i}",
            parent=tenant.organization,
        )
        CustomerRunRate.objects.update_or_create(
            customer=customer,
            defaults={"monthly_run_rate": Decimal("1234.5") * i, "transacting": bool(i)},
        )
        if i % 2:  # half of them with a phone number, some not active
            CompanyDetails.objects.update_or_create(
                organization=customer, defaults={"phone": f"+4822123{i:04d}"}
            )
        if i % 3 == 0:
            Organization.objects.filter(pk=customer.pk).update(is_active=False)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?sort=-run_rate", "?sort=name&page=2&q=x&partial=1"])
def test_customer_grid_is_written_as_the_template_wrote_it(tenant_a, query):
    _customers(tenant_a, 30)
    actor = actor_for(tenant_a.members["primary"])
    old, new = _both_ways(lambda: CustomerTable(customer_list(actor=actor)), query)
    assert "Fast &lt;table&gt; customer" in new  # names are escaped
    assert re.search(r">\d{1,3},\d{3}\.\d{2}<", new)  # money is localised with grouping
    assert "+48 22 123" in new  # phone numbers in the international format
    assert 'class="badge ok">Active' in new and 'class="badge">Inactive' in new
    assert 'aria-label="No storefront access"' in new
    assert old == new


@pytest.mark.django_db
def test_links_choices_emails_and_defaults_are_written_as_before(tenant_a, vendor_admin):
    for i in range(4):
        services.member_add(
            actor=None,
            organization=tenant_a.organization,
            email=f"fast{i}@tables.test",
            full_name=f"Fast <i>{i}</i>",
            role=[Level.SALES, Level.BASIC][i % 2],
        )
    members = tenant_a.organization.memberships.select_related("user")
    old, new = _both_ways(lambda: PartnerStaffTable(members, prefix="s-"), table_base="/x/")
    assert 'href="mailto:fast0@tables.test"' in new
    assert "Fast &lt;i&gt;0&lt;/i&gt;" in new  # plain values are escaped
    assert old == new

    partners = Organization.objects.filter(kind=OrganizationKind.RESELLER).annotate(
        staff=Count("memberships")
    )
    old, new = _both_ways(lambda: PartnerTable(partners))
    assert "/console/team/partners/" in new  # linkify
    assert old == new


@pytest.mark.django_db
def test_an_empty_table_says_so_in_the_readers_language(tenant_a):
    with translation.override("pl"):
        old, new = _both_ways(lambda: CustomerTable(Organization.objects.none()))
    assert 'class="empty"' in new
    assert old == new


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?sort=-run_rate&page=2", "?sort=run_rate", "?sort=name&page=2"])
def test_a_page_of_computed_rows_is_read_by_its_keys_first(tenant_a, query):
    """CappedPaginator: the keys of the page in the table's order (no per-row subquery), then
    those rows; the page holds the rows a single query would have given, in its order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _customers(tenant_a, 30)
    actor = actor_for(tenant_a.members["primary"])
    request = RequestFactory().get("/list/" + query)
    with CaptureQueriesContext(connection) as queries:
        table = paginate_table(request, CustomerTable(customer_list(actor=actor)))
        shown = [row.record.pk for row in table.paginated_rows]
    sort = request.GET["sort"]
    order = {"-run_rate": ("-run_rate_record__monthly_run_rate", "-pk")}.get(
        sort, ("run_rate_record__monthly_run_rate", "pk") if sort == "run_rate" else ("name",)
    )
    start = 25 if "page=2" in query else 0
    expected = list(customer_list(actor=actor).order_by(*order).values_list("pk", flat=True))
    assert shown == expected[start : start + 25]
    keys_query = queries.captured_queries[-2]["sql"].upper()
    # the page's keys in order, without the storefront lookup, which waits for the 25 rows
    assert "ORDER BY" in keys_query and "EXISTS" not in keys_query
    assert "EXISTS" in queries.captured_queries[-1]["sql"].upper()


def test_a_keyed_url_is_the_one_reverse_gives():
    from django.urls import reverse

    from portal.core.tables import KeyedUrl

    for name in ("customers:detail", "team:employee", "console:partner"):
        url_of = KeyedUrl(name)
        for key in (1, 7, 987654321, 1234567890):
            assert url_of(key) == reverse(name, args=[key])


def _portal_table_columns():
    """(table class, name, column) for every column of every area's tables."""
    import django_tables2 as tables

    from portal.access.registry import area_modules

    for _config, module in area_modules("tables"):
        for table_class in vars(module).values():
            if not (isinstance(table_class, type) and issubclass(table_class, tables.Table)):
                continue
            if table_class.__module__ != module.__name__:
                continue
            for name, column in table_class.base_columns.items():
                yield table_class, name, column


def _linked_columns():
    """Every column of the portal's tables that links its cells to a view (`linkify`)."""
    for table_class, name, column in _portal_table_columns():
        if column.link is not None and getattr(column.link, "reverse_args", None):
            yield table_class, name, column


def test_every_linked_column_writes_its_links_once_reversed_as_linkify_does():
    """`_KeyedLink`: the URL reversed once per page, the key put in per row; for each linked
    column of the portal the same `<a>` as django-tables2's LinkTransform, which reverses per
    row. A column the keyed form cannot write falls back to LinkTransform."""
    from types import SimpleNamespace

    from portal.core.tables import _KeyedLink

    linked = list(_linked_columns())
    assert len(linked) >= 10
    for table_class, name, column in linked:
        keyed = _KeyedLink.of(column.link)
        assert keyed is not None, (table_class, name)
        record = SimpleNamespace(pk=4711)
        for content in ("INV-2026-0001", "Fast <i>0</i>"):
            expected = column.link(content, record=record, bound_column=None, value=content)
            assert keyed(content, record) == expected, (table_class, name)
    # a key that is not a whole number: written by LinkTransform
    assert keyed("x", SimpleNamespace(pk="4711")) is None


def _url_linked_columns():
    """Every column of the portal's tables whose link a function makes (EmailColumn's mailto)."""
    for table_class, name, column in _portal_table_columns():
        if column.link is not None and callable(getattr(column.link, "url", None)):
            yield table_class, name, column


def test_every_mailto_column_writes_its_links_as_django_tables2_does():
    """`_UrlLink`: the URL function's parameters looked up once per page; the same `<a>` as
    LinkTransform, which inspects the function's signature for every cell."""
    from types import SimpleNamespace

    from portal.core.tables import _UrlLink

    linked = list(_url_linked_columns())
    assert len(linked) >= 2
    for table_class, name, column in linked:
        url_link = _UrlLink.of(column.link)
        assert url_link is not None, (table_class, name)
        record = SimpleNamespace(pk=4711)
        for value in ("ann@example.test", 'o"brien<x>@example.test'):
            for content in (value, "Fast <i>0</i>"):
                offered = {"value": value, "record": record, "bound_column": None}
                expected = column.link(content, **offered)
                assert url_link(content, offered) == expected, (table_class, name)


def test_a_link_made_by_a_function_is_written_as_django_tables2_writes_it():
    """`linkify=callable`: a function asking for some arguments, one taking them all, one giving
    no URL (the content alone); a link with attributes of its own is left to LinkTransform."""
    from types import SimpleNamespace

    import django_tables2 as tables

    from portal.core.tables import _UrlLink

    record = SimpleNamespace(pk=7, slug="a&b")
    offered = {"value": "x", "record": record, "bound_column": None, "table": None}
    functions = (
        lambda record: f"/r/{record.slug}?q=1&x=2",
        lambda **everything: f"/all/{everything['record'].pk}",
        lambda record: None,
        lambda missing: "/never",
    )
    for function in functions:
        column = tables.Column(linkify=function)
        url_link = _UrlLink.of(column.link)
        assert url_link is not None
        for content in ("Name", "<b>bold</b>"):
            assert url_link(content, offered) == column.link(content, **offered)
    with_attributes = tables.Column(linkify=functions[0], attrs={"a": {"class": "x"}})
    assert _UrlLink.of(with_attributes.link) is None


def test_each_table_changes_only_its_own_columns():
    """PortalTable copies each column per table, not all it holds: what `exclude` hides in one
    table stays visible in the next one and in the class; every table of the portal is one."""
    import django_tables2 as tables

    from portal.core.tables import PortalTable

    excluded = CustomerTable([], exclude=("reseller", "status"))
    assert "reseller" not in [column.name for column in excluded.columns]
    whole = CustomerTable([])
    assert "reseller" in [column.name for column in whole.columns]
    excluded.columns.hide("name")
    assert not excluded.columns["name"].visible
    assert CustomerTable([]).columns["name"].visible
    assert CustomerTable.base_columns["reseller"].visible
    assert excluded.columns["name"].column is not whole.columns["name"].column
    assert excluded.columns["name"].column is not CustomerTable.base_columns["name"]

    from portal.access.registry import area_modules

    area_modules("tables")  # every area's tables imported, whatever ran before

    def table_classes(base):
        for subclass in base.__subclasses__():
            yield subclass
            yield from table_classes(subclass)

    portal_tables = [
        cls for cls in table_classes(tables.Table) if cls.__module__.startswith("portal.")
    ]
    assert len(portal_tables) >= 15
    for table_class in portal_tables:
        assert issubclass(table_class, PortalTable), table_class
