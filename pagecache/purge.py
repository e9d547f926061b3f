"""Surrogate keys on public responses, and the purgers that retire them from a CDN or reverse proxy.

Every anonymous public response carries ``Surrogate-Key``: ``site`` (every public page) and either
``article-<slug>`` (an article's pages, its 410 and the API's article answers) or ``listings`` (home,
A to Z, search, the board and policy pages). They mirror the generation tokens (``pagecache.tokens``):
whatever renews a token purges the same key, so the proxy and the page cache retire the same pages.

A purger sends keys to the proxies; ``VETTED_PURGER`` picks one (docs/deploy.md):

- ``none`` (the default): nothing in front to purge; keep ``s-maxage`` short.
- ``varnish-ban``: ``BAN /`` with the keys in ``Surrogate-Key`` to each of ``VETTED_PURGE_URLS``; the VCL in
  ``deploy/varnish/vetted.vcl`` bans every stored object carrying any of them.
- ``http-purge``: ``PURGE /`` with the same header, for proxies that purge by key on that method (Varnish
  with the xkey vmod, nginx and others); the repository's VCL answers it like ``BAN``.

A purger raises ``PurgeError`` when any proxy did not confirm: the outbox (``articles.purges``) keeps the
row and retries it. This module knows nothing about articles; it is handed slugs and keys.
"""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEADER = "Surrogate-Key"
SITE_KEY = "site"
LISTINGS_KEY = "listings"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def article_key(slug: str) -> str:
    """``article-<slug>``. An address may carry any text where a slug goes (``/api/v1/articles/<slug>/``), but
    no article has a slug outside ``[-a-zA-Z0-9_]``: such a page (a 404) is keyed with the listings, so no
    control character or space ever reaches a header."""
    return f"article-{slug}" if _SLUG.fullmatch(slug) else LISTINGS_KEY


def surrogate_keys(article_slug: str | None) -> list[str]:
    """The keys of a page: the site's, and its article's or the listings' one (like its tokens)."""
    return [SITE_KEY, article_key(article_slug) if article_slug is not None else LISTINGS_KEY]


def article_change_keys(article_slug: str | None) -> list[str]:
    """What an article's change retires: its own pages and every listing (as ``invalidate_article_pages``)."""
    return [LISTINGS_KEY] if article_slug is None else [article_key(article_slug), LISTINGS_KEY]


class PurgeError(Exception):
    """A proxy did not confirm the purge (refused, unreachable, timed out)."""


class Purger:
    """Sends ``keys`` to every configured proxy with ``method``; raises ``PurgeError`` unless all confirm."""

    method = ""

    def __init__(self, urls: list[str], timeout: float) -> None:
        if not urls:
            raise ImproperlyConfigured(f"VETTED_PURGER={self.name} needs VETTED_PURGE_URLS (the proxies' addresses).")
        self.urls = urls
        self.timeout = timeout

    @property
    def name(self) -> str:
        return type(self).__name__

    def purge(self, keys: list[str]) -> None:
        failures = []
        for url in self.urls:
            try:
                status = self._send(url, keys)
            except OSError as error:  # refused, reset, timed out: the outbox retries
                failures.append(f"{url}: {type(error).__name__}: {error}")
                continue
            if status >= 300:
                failures.append(f"{url}: HTTP {status}")
        if failures:
            raise PurgeError("; ".join(failures))

    def _send(self, url: str, keys: list[str]) -> int:
        parts = urlsplit(url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout)
        try:
            connection.request(self.method, parts.path or "/", headers={HEADER: " ".join(keys)})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


class VarnishBanPurger(Purger):
    method = "BAN"


class HttpPurgePurger(Purger):
    method = "PURGE"


PURGERS = {"varnish-ban": VarnishBanPurger, "http-purge": HttpPurgePurger}


def purging() -> bool:
    """Whether a proxy in front is purged (``VETTED_PURGER`` is not ``none``)."""
    return settings.VETTED_PURGER != "none"


def purger() -> Purger:
    name = settings.VETTED_PURGER
    if name not in PURGERS:
        raise ImproperlyConfigured(f"VETTED_PURGER must be none, {' or '.join(PURGERS)}, not {name!r}.")
    return PURGERS[name](settings.VETTED_PURGE_URLS, settings.VETTED_PURGE_TIMEOUT)
