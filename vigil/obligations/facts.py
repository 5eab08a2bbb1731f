"""Each person's latest facts, read once per list for every provider that needs them.

Most providers start from the same few facts about each person: the risk level and the
plan in force, the last home visit at which they were seen, the last record review, the
last notification that restarted the periodic clock. Read by each provider on its own,
a force's list probed the same indexes several times per person and read the force's
nominals once per provider (docs/performance.md). Here each fact is one *source*: a
person's rows of one table, best first, and the columns wanted from the first of them.
The engine reads every source the list's providers declare in the same query that loads
the people (``engine.load_rows``): one index probe per person per source, whatever the
number of providers that use it.

Nothing is stored (ADR 2): these are reads of the facts as they are now, each defined
by the app that owns the table (``risk.queries.LEVEL_IN_FORCE``, ...). On PostgreSQL a
source is one ``LEFT JOIN LATERAL (... LIMIT 1)`` per person, so several columns of the
same row cost one probe; SQLite, which has no ``LATERAL``, reads each column as a scalar
subquery of the same ordered rows, which gives the same values (tests run on both).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import BigIntegerField, F, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL


@dataclass(frozen=True)
class Source:
    """One fact about each person: the first of their ``rows``, and its ``columns``.

    ``rows(person)`` gives the person's rows of one table, the one wanted first (filtered
    on ``nominal=person`` and ordered); ``person`` is an expression for the person's id.
    ``columns`` maps each name the providers read (unique across sources, and never a
    field of the row's model) to a field name or an expression on that row.
    """

    name: str
    rows: Callable[[Any], QuerySet[Any]]
    columns: tuple[tuple[str, Any], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def values(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.values(**{name: F(e) if isinstance(e, str) else e for name, e in self.columns})


def id_list(ids: Sequence[int], *, using: str) -> Any:
    """``ids`` for ``field__in=``: on PostgreSQL one array parameter (``SELECT
    unnest(%s::bigint[])``) rather than a placeholder per id, which for the thousands of a
    force's list cost more to build, quote and parse than the query; elsewhere the list."""
    if connections[using].vendor != "postgresql":
        return list(ids)
    return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),), output_field=BigIntegerField())


@functools.lru_cache(maxsize=64)
def facts_type(names: tuple[str, ...]) -> Any:
    """The named tuple a list's facts come in: one class per set of columns (code, not
    data, decides them, so a cache cannot go stale)."""
    return NamedTuple("Facts", [(name, Any) for name in names])


def columns_of(sources: Sequence[Source]) -> tuple[str, ...]:
    names = tuple(name for source in sources for name in source.names)
    if len(set(names)) != len(names):
        raise ValueError(f"fact sources share a column name: {sorted(names)}")
    return names


def read(
    people: QuerySet[Any], fields: Sequence[str], sources: Sequence[Source]
) -> Iterator[tuple[Any, ...]]:
    """For each of ``people`` (a queryset of ``Nominal``), its ``fields`` and then each
    source's columns, in order: one query.

    On PostgreSQL the rows come from a plain cursor: the values are psycopg's own (dates,
    aware datetimes, ints), with none of Django's per-row converters, which cost more
    than the query for a force's tens of thousands of people. SQLite goes through the
    ORM, whose converters turn its text back into dates.
    """
    people = people.order_by()
    connection = connections[people.db]
    if connection.vendor != "postgresql" or not sources:
        annotated = people.annotate(
            **{
                name: Subquery(source.values(source.rows(OuterRef("pk"))).values(name)[:1])
                for source in sources
                for name in source.names
            }
        )
        yield from annotated.values_list(*fields, *columns_of(sources))
        return
    # The people's columns under names no source uses, so the joins can refer to them.
    inner = [f"_n{i}" for i in range(len(fields))]
    people_sql, people_params = (
        people.values(**{alias: F(name) for alias, name in zip(inner, fields, strict=True)})
        .query.get_compiler(connection=connection)
        .as_sql()
    )
    # A fixed alias of this function's own, never a value.
    here = RawSQL(f"n.{inner[fields.index('id')]}", (), output_field=BigIntegerField())  # noqa: S611
    joins, params = [], list(people_params)
    for i, source in enumerate(sources):
        sql, source_params = (
            source.values(source.rows(here))[:1].query.get_compiler(connection=connection).as_sql()
        )
        joins.append(f" LEFT JOIN LATERAL ({sql}) s{i} ON true")
        params += source_params
    selected = [f"n.{alias}" for alias in inner] + [
        f"s{i}.{connection.ops.quote_name(name)}"
        for i, source in enumerate(sources)
        for name in source.names
    ]
    # Only Django-compiled SQL and fixed text are joined here; every value is a parameter.
    sql = f"SELECT {', '.join(selected)} FROM ({people_sql}) n" + "".join(joins)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()
