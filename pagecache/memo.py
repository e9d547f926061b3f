"""Site-wide values read once per process, until the site-wide page token changes (``site_memo``).

Every public page reads a few things that change perhaps once a month: the audiences (the chooser, the
disclaimer, the API's audience parameter). On PostgreSQL each read is a round trip, and a round trip costs
about what a whole trivial request costs, so a page that reads them on every request pays for them on every
request. ``site_memo(name, build)`` keeps ``build()``'s value in this process, valid while the site-wide token
(``pagecache.tokens.ALL_PAGES_TOKEN_KEY``) is the one it was read under. That token is what every app server
already asks before serving a stored page, and what an edit of those values renews on commit
(``invalidate_all``, through ``articles.invalidation.retire_all_on_commit``): the same edit that retires
every stored page retires every process's memo on every server, and no process serves a value older than a
page it would serve.

The token is read before the value, so a value is never kept under a token newer than itself. Without a
token (the token store does not answer, or caches are disabled: ``VETTED_CACHE_DISABLED``, where every token
is new) nothing is kept and ``build()`` runs each time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from pagecache.tokens import ALL_PAGES_TOKEN_KEY, current_tokens

T = TypeVar("T")

_memos: dict[str, tuple[tuple[str, ...], object]] = {}
_lock = threading.Lock()


def site_memo(name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, read once per process while the site-wide token stays the same.

    ``build`` must read only what renews the site-wide token when it changes, and its value is shared by
    every request of the process: callers must not change it (return a tuple or copy it).
    """
    tokens = current_tokens([ALL_PAGES_TOKEN_KEY])
    if tokens is None:
        return build()
    with _lock:
        kept = _memos.get(name)
    if kept is not None and kept[0] == tokens:
        return kept[1]
    value = build()
    with _lock:
        _memos[name] = (tokens, value)
    return value


def forget_memos() -> None:
    """Drop every memo of this process (tests, after the database was emptied without renewing tokens)."""
    with _lock:
        _memos.clear()
