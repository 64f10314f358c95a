"""A model query compiled once, then run again and again with another value.

Building and compiling a queryset costs the ORM about a millisecond of Python for a query with
three joins; the database answers the same query in a tenth of that. The one query every
signed-in request makes — the person with their memberships (tenancy.selectors) — is therefore
compiled once per process and database, and each request only runs its SQL with the person's
key. The rows become model instances exactly as `ModelIterable` makes them: the compiler's own
converters, `Model.from_db` and django's populators for `select_related`.

Only for queries whose SQL does not depend on the value: one equality on a key, say.
Django has no public API for this; the steps below are those of
`django.db.models.query.ModelIterable.__iter__`, which `test_prepared.py` compares against.
"""

from django.db import connections
from django.db.models.query import get_related_populators

SENTINEL = -987_654_321


class PreparedQuery:
    def __init__(self, build, *, using: str = "default"):
        """`build(value)` returns the queryset for one value; it is called once with a
        placeholder, which must appear exactly once among the compiled query's parameters."""
        self._build = build
        self._using = using
        self._compiled: dict[str, tuple] = {}

    def _compile(self):
        connection = connections[self._using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is not None:
            return compiled
        queryset = self._build(SENTINEL).using(self._using)
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise ValueError("A prepared query makes plain rows with select_related only.")
        compiler = queryset.query.get_compiler(using=self._using)
        sql, params = compiler.as_sql()
        positions = [i for i, p in enumerate(params) if type(p) is int and p == SENTINEL]
        if len(positions) != 1:
            raise ValueError("The value must be one parameter of the compiled query.")
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [column[0].target.attname for column in compiler.select[start:end]]
        populators = get_related_populators(klass_info, compiler.select, self._using)
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(fields)
        compiled = (
            compiler,
            sql,
            tuple(params),
            positions[0],
            (start, end, init_list, populators, converters),
        )
        self._compiled[connection.vendor] = compiled
        return compiled

    def __call__(self, value) -> list:
        compiler, sql, params, position, rows_to_objects = self._compile()
        start, end, init_list, populators, converters = rows_to_objects
        params = list(params)
        params[position] = value
        with connections[self._using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:  # ordering columns beyond the model's, as cursor_iter
            rows = [row[: compiler.col_count] for row in rows]
        model = compiler.klass_info["model"]
        objects = []
        if converters:
            rows = compiler.apply_converters(rows, converters)
        for row in rows:
            obj = model.from_db(self._using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
