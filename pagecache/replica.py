"""Public pages built from a PostgreSQL streaming replica, never cached older than their tokens.

With ``DATABASE_REPLICA_URL`` set (database alias ``replica``), ``public_page`` builds an anonymous page
on the replica; everything else (staff, writes, transactions, the admin, the services) uses the primary.

The danger is the page cache: an approval commits on the primary and renews its article's token; a reader
who misses then would build the page on a replica that has not replayed the approval yet, and store the
old text under the new token, where it would stay until the next change. So every token carries the
primary's WAL position at the moment it was written (``stamp``, ``<random>@<lsn>``; invalidations run on
commit, so the position is past the change), and a page is built on the replica only when the replica has
replayed past every token the page depends on (``pg_last_wal_replay_lsn()``); otherwise, or when the
replica does not answer, on the primary. A reader never waits for the replica, and never gets a page older
than its tokens.

Read-your-writes: a session of staff is never anonymous, so staff read the primary; after any write (a
POST that did not fail) ``PinToPrimaryMiddleware`` sets a short cookie that keeps that browser's public
pages on the primary for ``VETTED_REPLICA_PIN_SECONDS``, logged out or not.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "vetted_primary"
RETRY_SECONDS = 1.5  # after the replica failed to answer, this process builds pages on the primary meanwhile

_replica_skipped_until = 0.0

_on_replica: ContextVar[bool] = ContextVar("vetted_reads_on_replica", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def stamp(token: str) -> str:
    """``token@<the primary's current WAL position>`` with a replica (the token unchanged without one).

    Unstamped when the primary cannot be asked: such a token asks nothing of the replica.
    """
    if not configured():
        return token
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return f"{token}@{cursor.fetchone()[0]}"
    except DatabaseError:
        return token


def caught_up(tokens: tuple[str, ...]) -> bool:
    """Whether the replica answers and has replayed past the WAL position stamped on every token."""
    global _replica_skipped_until
    if time.monotonic() < _replica_skipped_until:
        return False
    positions = [token.split("@", 1)[1] for token in tokens if "@" in token]
    try:
        with connections[REPLICA].cursor() as cursor:
            # NULL (not in recovery: no replica at all) is not caught up.
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= ALL(%s::pg_lsn[])", [positions])
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        # A replica that does not answer: the primary builds pages, and no miss waits on a connection
        # attempt for a while (connect_timeout in the replica's OPTIONS bounds the one that does).
        _replica_skipped_until = time.monotonic() + RETRY_SECONDS
        return False


@contextlib.contextmanager
def reads_for_page(request, tokens: tuple[str, ...] | None) -> Iterator[None]:
    """Route this anonymous page build's reads to the replica when it may (see the module's docstring)."""
    if not configured() or tokens is None or PIN_COOKIE in request.COOKIES or not caught_up(tokens):
        yield
        return
    reset = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(reset)


def read_alias() -> str:
    """Where a read goes now: the replica only inside ``reads_for_page`` and outside a transaction."""
    if _on_replica.get() and not connections[PRIMARY].in_atomic_block:
        return REPLICA
    return PRIMARY


class PrimaryReplicaRouter:
    """Reads on the replica only inside ``reads_for_page`` and outside a transaction; writes on the primary."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, one server behind the other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # a standby is read-only; it replays the primary's migrations


class PinToPrimaryMiddleware:
    """After a write that did not fail, this browser's public pages come from the primary for a while."""

    SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE and response.status_code < 500:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.VETTED_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
