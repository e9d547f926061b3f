"""The three cache aliases the page cache uses, built for ``settings.CACHES``.

- ``default``: rendered revisions (never stale) and anything else the site keeps (the reader-report
  throttle). Redis with a Redis URL (``FailOpenRedisCache``: with Redis down, a miss), else local memory.
- ``pages``: whole public responses, kept in each worker process's memory and used only while they carry
  the current generation tokens.
- ``tokens``: those tokens, which every worker process of every app server must see: the same Redis as
  ``default``, else files on this host (so the workers of one server agree).
"""

from __future__ import annotations

FAIL_OPEN_REDIS_BACKEND = "pagecache.backends.FailOpenRedisCache"
LOCAL_MEMORY_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
FILE_BACKEND = "django.core.cache.backends.filebased.FileBasedCache"
DUMMY_BACKEND = "django.core.cache.backends.dummy.DummyCache"


def cache_aliases(
    *, redis_url: str, token_dir: str, page_entries: int, local_entries: int, disabled: bool = False
) -> dict[str, dict]:
    """``CACHES`` for the page cache.

    ``redis_url`` empty: no Redis (local memory, tokens in files under ``token_dir``). ``page_entries``:
    pages each process keeps; ``local_entries``: entries of the local-memory ``default`` cache (without
    Redis). ``disabled``: every alias a dummy cache, so every request does the whole work (how
    ``make bench`` measures pages "with caches cleared").
    """
    pages = {"BACKEND": LOCAL_MEMORY_BACKEND, "LOCATION": "vetted-pages", "OPTIONS": {"MAX_ENTRIES": page_entries}}
    if redis_url:
        # Fail open (pagecache.backends): with Redis down, pages are served from the database, uncached.
        default = {"BACKEND": FAIL_OPEN_REDIS_BACKEND, "LOCATION": redis_url}
        aliases = {"default": default, "pages": pages, "tokens": default}
    else:
        default = {"BACKEND": LOCAL_MEMORY_BACKEND, "OPTIONS": {"MAX_ENTRIES": local_entries}}
        aliases = {"default": default, "pages": pages, "tokens": {"BACKEND": FILE_BACKEND, "LOCATION": token_dir}}
    if disabled:
        return {alias: {"BACKEND": DUMMY_BACKEND} for alias in aliases}
    return aliases
