"""The head and body of a django-tables2 table as HTML, written in Python.

django-tables2 decides what a table is (columns, accessors, sorting, paging, the exports); this
module only writes it out. Its own rendering passes every cell through a template loop and
`BoundRow.get_cell`, which inspects the render method's signature, looks for a `get_FOO_display`
and tries a dictionary lookup before each attribute — for every cell of every row: 8 ms of a
25-row, 8-column page, more than the queries. Here all of that is worked out once per column and
page (`_ColumnPlan`); each cell is then an attribute walk, the column's own `render` and the
escaping and localisation `{{ cell }}` would apply. The HTML is the same as
templates/components/table.html wrote with the template loop (tests/test_fast_tables.py compares).
"""

import copy
from collections import OrderedDict
from urllib.parse import urlencode

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import A, Accessor, signature

_parameters: dict[object, tuple[tuple[str, ...], bool]] = {}


class _ColumnsCopiedOnePerTable(OrderedDict):
    """A table class's columns, of which each table gets its own copy of each column.

    django-tables2 deep-copies the class's columns for every table, so that what one table
    changes of a column (hidden by `exclude`, its accessor filled in) does not touch the class:
    0.15-0.4 ms a table, down into the translated labels and link definitions, which nothing
    changes. A copy of each column keeps what one table changes to itself."""

    def __deepcopy__(self, memo):
        return OrderedDict((name, copy.copy(column)) for name, column in self.items())


class PortalTable(tables.Table):
    """The base of the portal's tables: django-tables2's, each table with its own columns
    (`_ColumnsCopiedOnePerTable`)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_columns = _ColumnsCopiedOnePerTable(cls.base_columns)


# A key no row has: a URL or a cell is written once for it, then each row's key put in its place.
STAND_IN_KEY = 987654321


class KeyedUrl:
    """The URL of a view that takes one key, reversed once for all the rows of a page: the rows'
    links differ only by the key, and reverse() costs more than writing the rest of the cell."""

    def __init__(self, url_name: str):
        self.before, self.after = reverse(url_name, args=[STAND_IN_KEY]).split(str(STAND_IN_KEY))

    def __call__(self, key: int) -> str:
        return f"{self.before}{int(key)}{self.after}"


def _parameters_of(render) -> tuple[tuple[str, ...], bool]:
    """The argument names a render function takes (without `self`), and whether it takes
    **kwargs; kept per function, as bound methods are new objects on every access."""
    function = getattr(render, "__func__", render)
    try:
        return _parameters[function]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable: ask each time, as django-tables2 does
        arguments, catch_all = signature(render)
        return arguments, bool(catch_all)
    arguments, catch_all = signature(render)
    _parameters[function] = (arguments, bool(catch_all))
    return _parameters[function]


class _ColumnPlan:
    """What `BoundRow.get_cell` works out per cell, worked out once per column."""

    def __init__(self, table, bound_column, model):
        self.table = table
        self.bound_column = bound_column
        self.column = bound_column.column
        self.accessor = A(bound_column.accessor)
        self.bits = self.accessor.bits
        self.render = bound_column.render
        self.arguments, self.takes_all = _parameters_of(self.render)
        self.link = bound_column.link
        self.keyed_link = _KeyedLink.of(self.link)
        self.url_link = _UrlLink.of(self.link)
        self.empty_values = self.column.empty_values
        self.default = bound_column.default
        self.is_many_to_many = isinstance(self.column, ManyToManyColumn)
        self.text_link = isinstance(self.column, BaseLinkColumn) and self.column.text is not None
        self.uses_display = self._field_has_choices(model)
        attrs = bound_column.attrs
        self.td_class = (attrs.get("td") or {}).get("class") or ""
        self.label = conditional_escape(bound_column.header)

    def _field_has_choices(self, model) -> bool:
        """django-tables2 shows `get_FOO_display()` for a model field with choices."""
        if model is None or not self.bits:
            return False
        try:
            field = self.accessor.get_field(model)
        except FieldDoesNotExist:
            return False
        return bool(getattr(field, "choices", None))

    def value_of(self, record):
        if self.uses_display:
            penultimate, remainder = self.accessor.penultimate(record)
            if isinstance(penultimate, models.Model):
                display = getattr(penultimate, f"get_{remainder}_display", None)
                if display is not None:
                    return display()
        current = record
        try:
            for bit in self.bits:
                if isinstance(current, models.Model):
                    current = getattr(current, bit)
                else:
                    current = A(bit).resolve(current)
                if callable(current):
                    # the same rules as Accessor.resolve: never call what alters data
                    if getattr(current, "alters_data", False):
                        raise ValueError(bit)
                    if not getattr(current, "do_not_call_in_templates", False):
                        current = current()
                if current is None:
                    break
        except Exception:
            if self.text_link:
                raise _RenderWithoutValue from None
            return None
        return current

    def cell(self, record, bound_row):
        try:
            value = self.value_of(record)
        except _RenderWithoutValue:
            return self._call(record, bound_row, None)
        if value in self.empty_values or (self.is_many_to_many and not value.exists()):
            return self.default
        return self._call(record, bound_row, value)

    def _call(self, record, bound_row, value):
        offered = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": bound_row,
            "table": self.table,
        }
        if self.takes_all:
            content = self.render(**offered)
        else:
            if any(name not in offered for name in self.arguments):
                content = None
            else:
                content = self.render(**{name: offered[name] for name in self.arguments})
        if self.keyed_link is not None:
            linked = self.keyed_link(content, record)
            if linked is not None:
                return linked
        if self.url_link is not None:
            return self.url_link(content, offered)
        return self.link(content, **offered) if self.link else content


class _KeyedLink:
    """`linkify=("view", [A("pk")])` for every row of a page: the URL reversed once, each row's
    key put in its place (KeyedUrl); what LinkTransform writes, without a reverse() per row."""

    def __init__(self, accessor: Accessor, before: str, after: str):
        self.accessor = accessor
        self.before, self.after = escape(before), escape(after)

    @classmethod
    def of(cls, link) -> "_KeyedLink | None":
        """The keyed form of a column's link, or None where it has more than one key, attributes
        of its own or a URL of another kind (LinkTransform then writes each link)."""
        if type(link) is not LinkTransform or link.url is not None or link.attrs:
            return None
        arguments = link.reverse_args
        args = arguments.get("args")
        # an Accessor is a str too: a view name read from each row is not one URL for the page
        if set(arguments) != {"viewname", "args"} or type(arguments["viewname"]) is not str:
            return None
        if not isinstance(args, list | tuple) or len(args) != 1:
            return None
        if not isinstance(args[0], Accessor):
            return None
        try:
            url = reverse(arguments["viewname"], args=[STAND_IN_KEY])
        except NoReverseMatch:
            return None
        if url.count(str(STAND_IN_KEY)) != 1:
            return None
        before, after = url.split(str(STAND_IN_KEY))
        return cls(args[0], before, after)

    def __call__(self, content, record) -> SafeString | None:
        key = self.accessor.resolve(record)
        if type(key) is not int or key < 0:  # a key reverse() would write as these digits
            return None
        href = f"{self.before}{key}{self.after}"
        return mark_safe(f'<a href="{href}">{conditional_escape(content)}</a>')  # noqa: S308


class _UrlLink:
    """A link whose URL a function makes (`EmailColumn`'s mailto, `linkify=callable`), as
    LinkTransform writes it, with the function's parameters looked up once per page: django-tables2
    inspects its signature for every cell, most of what a mailto cell costs."""

    def __init__(self, url):
        self.url = url
        self.arguments, self.takes_all = _parameters_of(url)

    @classmethod
    def of(cls, link) -> "_UrlLink | None":
        if type(link) is not LinkTransform or link.attrs or not callable(link.url):
            return None
        return cls(link.url)

    def __call__(self, content, offered: dict):
        if self.takes_all:
            href = self.url(**offered)
        elif any(name not in offered for name in self.arguments):
            href = None
        else:
            href = self.url(**{name: offered[name] for name in self.arguments})
        if href is None:
            return content
        return mark_safe(  # noqa: S308 both escaped
            f'<a href="{conditional_escape(href)}">{conditional_escape(content)}</a>'
        )


class _RenderWithoutValue(Exception):
    """A link column with fixed text renders even where its accessor finds nothing."""


def _as_cell_html(content) -> str:
    """What `{{ cell }}` writes: local time, localised numbers and dates, escaped."""
    return conditional_escape(localize(template_localtime(content)))


def _query_string(request, updates: dict, removals: tuple[str, ...]) -> str:
    """django-tables2's `querystring_replace`, for the sort links."""
    parameters = dict(request.GET) if request is not None else {}
    parameters.update(updates)
    for name in removals:
        parameters.pop(name, None)
    return escape("?" + urlencode(parameters, doseq=True))


def table_contents(table, request, table_base: str = "") -> SafeString:
    """`<thead>` and `<tbody>` of `table` (paged by RequestConfig) in the portal's look."""
    columns = list(table.columns)
    model = getattr(getattr(table, "data", None), "model", None)
    parts = ["<thead><tr>"]
    for column in columns:
        parts.append(_header_cell(table, column, request, table_base))
    parts.append("</tr></thead><tbody>")
    plans = None
    rows = 0
    for bound_row in table.paginated_rows:
        if plans is None:
            plans = [_ColumnPlan(table, column, model) for column in columns]
        rows += 1
        record = bound_row.record
        parts.append("<tr>")
        for plan in plans:
            css = f' class="{escape(plan.td_class)}"' if plan.td_class else ""
            content = _as_cell_html(plan.cell(record, bound_row))
            parts.append(f'<td data-label="{plan.label}"{css}>{content}</td>')
        parts.append("</tr>")
    if not rows:
        empty = table.empty_text or gettext("Nothing here yet.")
        parts.append(
            f'<tr><td colspan="{len(columns)}" class="empty">{conditional_escape(empty)}</td></tr>'
        )
    parts.append("</tbody>")
    return mark_safe("".join(parts))  # noqa: S308 every piece above is escaped


def _header_cell(table, column, request, table_base: str) -> str:
    header = conditional_escape(column.header)
    th_class = (column.attrs.get("th") or {}).get("class")
    attributes = ""
    if column.is_ordered:
        direction = "descending" if column.order_by_alias.is_descending else "ascending"
        attributes += f' aria-sort="{direction}"'
    if th_class:
        attributes += f' class="{escape(th_class)}"'
    if not column.orderable:
        return f"<th{attributes}>{header}</th>"
    link = escape(table_base) + _query_string(
        request,
        {table.prefixed_order_by_field: column.order_by_alias.next},
        (table.prefixed_page_field, "partial"),
    )
    arrow = ""
    if column.is_ordered:
        symbol = "↓" if column.order_by_alias.is_descending else "↑"
        arrow = f' <span aria-hidden="true">{symbol}</span>'
    return f'<th{attributes}><a href="{link}">{header}{arrow}</a></th>'
