"""Queries compiled once and run again with new arguments: the reads of a cold article page.

Django compiles a queryset to SQL each time it is evaluated. For the article page's small reads that
costs 0.3 to 1.5 ms apiece, several times what SQLite or PostgreSQL take to answer them, and it was
most of the page's cost once the text is rendered once (``StoredRendering``). ``prepared_rows`` builds a
queryset once per key and thread, keeps its SQL and compiler, and on each call swaps the
``placeholder()`` strings in its parameters for the call's values, then converts the rows exactly as
Django would (``SQLCompiler.results_iter``). The query is still written with the ORM, in one place;
only its compilation is reused. Django is pinned (5.2), and ``tests/articles/test_prepared.py`` checks
the rows against the same queryset evaluated normally.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Hashable

from django.db import connections
from django.db.models import QuerySet

_compiled = threading.local()


def placeholder(name: str, kind: type = str):
    """A parameter to write into the queryset where each call's value of ``name`` goes: a string, or
    for an integer column a negative number no row id comes near (within 32 bits: Django compiles an
    out-of-range integer lookup to an empty result instead of passing it on)."""
    if kind is int:
        return -(2**30) - zlib.crc32(name.encode()) % 2**20
    return f"<prepared:{name}>"


def prepared_rows(key: Hashable, build: Callable[[], QuerySet], **values) -> list[list]:
    """The rows of ``build()`` (a ``values_list`` queryset using ``placeholder(name)`` for each value).

    ``key`` names the compiled query: everything ``build`` reads besides the placeholders (a setting, a
    register) must be part of it. Placeholders can stand only where the ORM passes the value through
    unchanged: an exact match on a text or integer column.
    """
    compiled = _compiled.__dict__.setdefault("queries", {})
    if key not in compiled:
        queryset = build()
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        compiled[key] = (compiler, sql, tuple(params))
    compiler, sql, params = compiled[key]
    slots = {placeholder(name, kind): value for name, value in values.items() for kind in (str, int)}
    arguments = [slots.get(param, param) if isinstance(param, str | int) else param for param in params]
    with connections[compiler.using].cursor() as cursor:
        cursor.execute(sql, arguments)
        return [list(row) for row in compiler.results_iter(results=[cursor.fetchall()])]
