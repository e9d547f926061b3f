"""The page cache: whole public pages cached per process, retired by generation tokens (docs/pagecache.md).

A bottom layer: it imports nothing of Vetted's apps (``tests/pagecache/test_layers.py``), which call it.

- ``public_page`` / ``private_page``: view decorators (``pagecache.http``); ``set_last_modified`` for
  the ``Last-Modified`` of a public page.
- ``invalidate_article_pages(slug)`` / ``invalidate_all()``: retire pages, through
  ``transaction.on_commit`` (``pagecache.tokens``); ``tokens_per_article()`` says whether an article's
  pages can be retired alone.
- ``prepared_rows`` / ``placeholder``: a queryset compiled once, run prepared on PostgreSQL
  (``pagecache.prepared``).
- ``site_memo(name, build)``: a site-wide value (the audiences) read once per process, until the site-wide
  token changes (``pagecache.memo``).
- ``cache_aliases``: the ``CACHES`` setting (``pagecache.settings``); the fail-open Redis backend is
  ``pagecache.backends.FailOpenRedisCache`` and the pub/sub token watch ``pagecache.watch``.
- While the database does not answer, ``public_page`` serves stale copies (``pagecache.stale``); with
  ``DATABASE_REPLICA_URL`` it builds anonymous pages on the replica once that has replayed past their
  tokens (``pagecache.replica``: the router and the read-your-writes pin).
"""

from pagecache.http import private_page, public_page, set_last_modified
from pagecache.memo import site_memo
from pagecache.prepared import placeholder, prepared_rows
from pagecache.settings import cache_aliases
from pagecache.tokens import invalidate_all, invalidate_article_pages, tokens_per_article

__all__ = [
    "cache_aliases",
    "invalidate_all",
    "invalidate_article_pages",
    "placeholder",
    "prepared_rows",
    "private_page",
    "public_page",
    "set_last_modified",
    "site_memo",
    "tokens_per_article",
]
