"""Django's PostgreSQL backend, with a connection health check that asks the socket instead of the server.

``CONN_HEALTH_CHECKS`` makes Django send ``SELECT 1`` before the first query of every request, so that a
worker whose connection the server closed (a restart, ``pg_terminate_backend``, an idle timeout) reconnects
instead of failing the request (``make soak``'s pg-restart phase relies on it). On a cold public page that was
one of its two round trips, and on PostgreSQL over TCP a round trip costs about what a whole trivial request
costs (docs/speed.md, "Round trips on PostgreSQL").

A server that ends a connection says so on the socket: it sends its FATAL message and closes, so the idle
connection's socket becomes readable. A healthy idle connection has nothing to read. So the check polls the
socket without waiting, and only when something is there (or the connection is not idle) asks the server with
``SELECT 1`` as before. What this cannot see, a network that drops packets without a word, ``SELECT 1`` would
not have seen in time either: it would wait for TCP's timeout like the query after it.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


def server_has_spoken(connection) -> bool:
    """Whether an idle psycopg connection may have been ended by the server (it cannot be trusted unasked).

    True when the connection is already closed or broken, is inside a transaction (not idle: let the real
    check decide), or has bytes or a hang-up waiting on its socket: a FATAL message and EOF, or, rarely, a
    notice or NOTIFY, which ``SELECT 1`` then reads like any other.
    """
    if connection.closed or connection.broken:
        return True
    if connection.info.transaction_status != TransactionStatus.IDLE:
        return True
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not server_has_spoken(self.connection)
        ):
            self.health_check_done = True  # nothing on the socket: the server has not ended this connection
            return
        super().close_if_health_check_failed()
