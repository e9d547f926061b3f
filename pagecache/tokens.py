"""Generation tokens: which stored pages are current, and how to retire them.

A stored page carries the tokens it was built under and is served only while they are still the current
ones, so retiring pages is writing new tokens, never finding and deleting pages. The tokens live in the
``tokens`` cache, which every worker process of every app server shares (Redis with ``REDIS_URL``, else
files on the host). With Redis each process also keeps the tokens it has read, told of every change by
pub/sub (``pagecache.watch``), so a warm page asks Redis nothing.

Settings: ``VETTED_TOKENS_PER_ARTICLE`` (one token per article, so an approval renews only its article's
pages and the listings; without it one site-wide token, and any change renews every page) and
``VETTED_TOKEN_WATCH_URL`` (the Redis whose pub/sub the watch listens to; empty: no watch).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import caches

from pagecache import replica, watch

PREFIX = "vetted"
ALL_PAGES_TOKEN_KEY = f"{PREFIX}:token:all"
LISTINGS_TOKEN_KEY = f"{PREFIX}:token:listings"


def tokens_per_article() -> bool:
    """Whether each article has a token of its own (with Redis), or one token covers the whole site."""
    return settings.VETTED_TOKENS_PER_ARTICLE


def page_token_keys(article_slug: str | None) -> list[str]:
    """The tokens a page depends on: the site-wide one, and its article's or the listings' one.

    Without a shared network cache (``VETTED_TOKENS_PER_ARTICLE`` off, tokens in files) there is only the
    site-wide token: one small file read per request, and any change renews every page.
    """
    if not tokens_per_article():
        return [ALL_PAGES_TOKEN_KEY]
    if article_slug is None:
        return [ALL_PAGES_TOKEN_KEY, LISTINGS_TOKEN_KEY]
    return [ALL_PAGES_TOKEN_KEY, f"{PREFIX}:token:article:{article_slug}"]


def current_tokens(keys: list[str]) -> tuple[str, ...] | None:
    """The current token of each key: from this process's watch when there is one, else from the store."""
    process_watch = _watch()
    return read_tokens(keys) if process_watch is None else process_watch.tokens(keys, read_tokens)


def read_tokens(keys: list[str]) -> tuple[str, ...] | None:
    """The current token of each key in the store; a missing (never set or evicted) token gets a fresh one.

    A fresh random token, not a counter restarting at 0, so an evicted token can never bring back a
    page stored under an older one. None when the token store does not answer (a page must then be
    neither served from nor stored in the page cache).
    """
    tokens = caches["tokens"]
    found = tokens.get_many(keys)
    for key in keys:
        if key not in found:
            token = _new_token()
            if not tokens.add(key, token, timeout=None):  # another process set it first: use theirs
                token = tokens.get(key)
            if token is None:
                return None
            found[key] = token
    return tuple(found[key] for key in keys)


def invalidate_article_pages(article_slug: str | None) -> None:
    """Every cached page of the article with this slug, and every listing, misses on the next request on
    every server (every page, without per-article tokens). None: the listings only (no such article).

    Call it through ``transaction.on_commit`` so no server can re-cache the old page in between.
    """
    if not tokens_per_article():
        invalidate_all()
        return
    keys = {LISTINGS_TOKEN_KEY: _new_token()}
    if article_slug is not None:
        keys[page_token_keys(article_slug)[1]] = _new_token()
    _replace_tokens(keys)


def invalidate_all() -> None:
    """Every cached public page misses next time (audience or disclaimer edits, template changes)."""
    _replace_tokens({ALL_PAGES_TOKEN_KEY: _new_token()})


def _new_token() -> str:
    # With a read replica, stamped with the primary's WAL position: no page is built for this token on a
    # replica that has not replayed that far (pagecache.replica).
    return replica.stamp(uuid.uuid4().hex[:12])


def _watch() -> watch.TokenWatch | None:
    """The process's pub/sub copy of the tokens (``pagecache.watch``), when they live in Redis."""
    url = settings.VETTED_TOKEN_WATCH_URL
    return watch.watch(url) if url else None


def _replace_tokens(tokens: dict[str, str]) -> None:
    """Write new tokens to the store, then tell every process's watch (Redis pub/sub)."""
    caches["tokens"].set_many(tokens, timeout=None)
    process_watch = _watch()
    if process_watch is not None:
        process_watch.publish(tokens)
