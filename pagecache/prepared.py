"""Queries compiled once and run again with new arguments (the reads of a cold article page).

Django compiles a queryset to SQL each time it is evaluated. For the article page's small reads that
costs 0.3 to 1.5 ms apiece, several times what SQLite or PostgreSQL take to answer them, and it was
most of the page's cost once the text is rendered once (``StoredRendering``). ``prepared_rows`` builds a
queryset once per key and thread, keeps its SQL and compiler, and on each call swaps the
``placeholder()`` strings in its parameters for the call's values, then converts the rows exactly as
Django would (``SQLCompiler.results_iter``). The query is still written with the ORM, in one place;
only its compilation is reused. Django is pinned (5.2), and ``tests/pagecache/test_prepared.py`` and
``tests/articles/test_selectors.py`` check the rows against the same querysets evaluated normally.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta

import psycopg
from django.db import connections
from django.db.models import QuerySet

from pagecache import replica

_compiled = threading.local()


def placeholder(name: str, kind: type = str):
    """A parameter to write into the queryset where each call's value of ``name`` goes: a string, or
    for an integer column a negative number no row id comes near (within 32 bits: Django compiles an
    out-of-range integer lookup to an empty result instead of passing it on), or for a date-time column a
    moment in the year 1001 (a comparison with it compiles like any other: the value is swapped as the
    database takes it, ``adapt_datetimefield_value``)."""
    if kind is int:
        return -(2**30) - zlib.crc32(name.encode()) % 2**20
    if kind is datetime:
        return datetime(1001, 1, 1, tzinfo=UTC) + timedelta(microseconds=zlib.crc32(name.encode()) % 10**6)
    return f"<prepared:{name}>"


def prepared_rows(key: Hashable, build: Callable[[], QuerySet], **values) -> list[list]:
    """The rows of ``build()`` (a ``values_list`` queryset using ``placeholder(name)`` for each value).

    ``key`` names the compiled query: everything ``build`` reads besides the placeholders (a setting, a
    register) must be part of it. Placeholders can stand only where the ORM passes the value through
    unchanged: an exact match on a text or integer column.
    """
    compiled = _compiled.__dict__.setdefault("queries", {})
    # Compiled per database too: the same query runs on the primary for staff and, for an anonymous page,
    # on the read replica (pagecache.replica); a compiler is bound to one.
    alias = replica.read_alias()
    if (key, alias) not in compiled:
        queryset = build().using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        compiled[key, alias] = (compiler, sql, tuple(params), _converters(compiler))
    compiler, sql, params, converters = compiled[key, alias]
    connection = connections[compiler.using]
    slots = {placeholder(name, kind): value for name, value in values.items() for kind in (str, int)}
    adapt = connection.ops.adapt_datetimefield_value  # a date-time as the compiled SQL holds it
    slots.update(
        (adapt(placeholder(name, datetime)), adapt(value))
        for name, value in values.items()
        if isinstance(value, datetime)
    )
    arguments = [slots.get(param, param) if isinstance(param, str | int | datetime) else param for param in params]
    with _cursor(connection) as cursor:
        cursor.execute(sql, arguments)
        rows = cursor.fetchall()
    if connection.queries_logged and connection.queries_log and connection.queries_log[-1]["sql"] is None:
        # Django logs a prepared statement's SQL as None (psycopg sent only its name): log it readable.
        connection.queries_log[-1]["sql"] = connection.ops.compose_sql(sql, arguments)
    if converters is None:
        return [list(row) for row in compiler.results_iter(results=[rows])]
    return list(compiler.apply_converters(rows, converters))


def _converters(compiler) -> dict | None:
    """The row converters ``results_iter`` would look up on every call (a tenth of a cold article page's
    read), found once: they depend only on the compiled query's columns and its database. None for a
    query with composite columns, which ``results_iter`` converts itself."""
    fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(fields):
        return None
    return compiler.get_converters(fields)


def _cursor(connection):
    """Django's cursor, except that on PostgreSQL it binds parameters on the server, so psycopg prepares
    the statement on the connection (``prepare_threshold`` 0 in the database's ``OPTIONS``) and
    PostgreSQL stops planning it: planning was two thirds of the article page's query (0.87 ms, 0.28 ms
    prepared).

    Django's own cursors bind on the client (``ClientCursor``), which never prepares; only these few
    compiled queries, whose SQL never changes, run prepared.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    client_side, raw.cursor_factory = raw.cursor_factory, psycopg.Cursor
    try:
        return connection.cursor()  # health check, time zone and query logging as for any cursor
    finally:
        raw.cursor_factory = client_side
