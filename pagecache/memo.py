"""Site-wide values read once per process, until the page token they depend on changes (``site_memo``).

Every public page reads a few things that change perhaps once a month (the audiences: the chooser, the
disclaimer, the API's audience parameter) or once per approval (the A to Z's letter counts: home, A to Z).
On PostgreSQL each read is a round trip, and a round trip costs about what a whole trivial request costs.
``site_memo(name, build)`` keeps ``build()``'s value in this process, valid while the site-wide token
(``pagecache.tokens.ALL_PAGES_TOKEN_KEY``; with ``listings``, the listings' token too) is the one it was read
under. Those tokens are what every app server already asks before serving a stored page, and what an edit of
those values renews on commit (``invalidate_all`` through ``articles.invalidation.retire_all_on_commit``;
``invalidate_article_pages`` after an approval or withdrawal): the edit that retires every stored page retires
every process's memo on every server, and no process serves a value older than a page it would serve.

The token is read before the value, so a value is never kept under a token newer than itself. Inside a
transaction (the admin's, a service's) nothing is read from or kept in the memo: the transaction may have
written the value and may still roll back. Without a token (the token store does not answer, or caches are
disabled: ``VETTED_CACHE_DISABLED``, where every token is new) nothing is kept and ``build()`` runs each time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from pagecache.tokens import ALL_PAGES_TOKEN_KEY, current_tokens, page_token_keys

T = TypeVar("T")

_memos: dict[str, tuple[tuple[str, ...], object]] = {}
_lock = threading.Lock()


def site_memo(name: str, build: Callable[[], T], *, listings: bool = False) -> T:
    """``build()``'s value, read once per process while the site-wide token stays the same.

    ``build`` must read only what renews the site-wide token when it changes, and its value is shared by
    every request of the process: callers must not change it (return a tuple or copy it). ``listings``: the
    value changes with any article's publication (the A to Z's letter counts), so it is kept under the
    listings' token too, which every approval and withdrawal renews on commit.
    """
    if transaction.get_connection().in_atomic_block:
        # A transaction may have written what ``build`` reads, and may still roll back: its reads are neither
        # served from the memo nor kept in it (the token is renewed only once a change is committed).
        return build()
    tokens = current_tokens(page_token_keys(None) if listings else [ALL_PAGES_TOKEN_KEY])
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
