"""Whole public responses cached in each process, HTTP caching headers and conditional requests.

``public_page`` stores whole 200 responses of anonymous GET/HEAD requests in the ``pages`` cache (each
worker process's memory), keyed by the full path (which names the audience) and carrying the generation
tokens (``pagecache.tokens``) they were built under; a stored page is served only while those tokens are
current. Anonymous responses get ``Cache-Control: public, max-age, s-maxage``, an ``ETag`` and (when the
view sets one with ``set_last_modified``) ``Last-Modified``; conditional requests get 304. Authenticated
users get ``private, no-store`` and never touch the page cache.

Every anonymous response of a public view also carries its surrogate keys (``pagecache.purge``), 410s
and 404s included, so a proxy in front can be purged by the same events that renew the tokens.

Settings: ``RENDER_VERSION`` (part of every page key and ETag), ``VETTED_PAGE_CACHE_SECONDS``,
``VETTED_CACHE_MAX_AGE`` (browsers) and ``VETTED_CACHE_S_MAXAGE`` (CDNs and shared proxies).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from pagecache import replica, stale
from pagecache.purge import HEADER as SURROGATE_KEY_HEADER
from pagecache.purge import surrogate_keys
from pagecache.tokens import PREFIX, current_tokens, page_token_keys

# Headers the view sets that belong to the stored response; middleware adds the rest on every request.
STORED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control", "Surrogate-Key")


def render_version() -> int:
    return settings.RENDER_VERSION


def set_last_modified(response: HttpResponse, *moments: datetime | None) -> HttpResponse:
    """Set ``Last-Modified`` to the latest of ``moments`` (an article's published_at, last_reviewed_at)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        response.headers["Last-Modified"] = http_date(max(known).timestamp())
    return response


def is_anonymous(request: HttpRequest) -> bool:
    """Anonymous without touching the session when there is no session cookie (no query, no Vary)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def mark_private(response: HttpResponse) -> HttpResponse:
    """Staff pages and previews: never stored by a browser cache, a CDN or our page cache."""
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def private_page(view):
    """Decorator for staff-only and preview views."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return mark_private(view(request, *args, **kwargs))

    return wrapper


def public_page(view=None, *, article_slug_kwarg: str | None = None, vary_on_cookie: str | None = None):
    """Cache whole anonymous responses of a public view and answer conditional requests.

    ``article_slug_kwarg`` names the URL keyword holding the article's slug: the page is then
    invalidated by ``invalidate_article_pages``. Without it the page is a listing (home, search),
    invalidated whenever any article changes.

    ``vary_on_cookie`` names the one cookie a view's ``Vary: Cookie`` answer depends on (the remembered
    audience): its value becomes part of the key, so such an answer may be stored, and a reader with
    another value never gets it.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            page_key = _page_key(request, vary_on_cookie)
            try:
                if not is_anonymous(request):
                    return mark_private(view(request, *args, **kwargs))
                slug = kwargs[article_slug_kwarg] if article_slug_kwarg is not None else None
                return _anonymous_page(request, view, args, kwargs, page_key, slug, vary_on_cookie is not None)
            except stale.DATABASE_UNAVAILABLE:
                # The database blinked: the last copy stored for this address (pagecache.stale), else the
                # error goes on to config.outage (a 503 with Retry-After).
                served = stale.response(page_key)
                if served is None:
                    raise
                return served

        return wrapper

    return decorate(view) if view is not None else decorate


def _page_key(request: HttpRequest, vary_on_cookie: str | None) -> str:
    keyed = request.get_full_path()
    if vary_on_cookie is not None:
        keyed += "\x00" + request.COOKIES.get(vary_on_cookie, "")
    path_hash = hashlib.sha256(keyed.encode()).hexdigest()[:32]
    return f"{PREFIX}:page:{render_version()}:{path_hash}"


def _anonymous_page(request, view, args, kwargs, page_key: str, slug: str | None, cookie_keyed: bool) -> HttpResponse:
    # The tokens come from the store every process shares; the page from this process's memory, used
    # only if it was stored under the current tokens (the entry carries them).
    tokens = current_tokens(page_token_keys(slug))
    stored = caches["pages"].get(page_key) if tokens is not None else None
    if stored is not None and stored[0] == tokens:
        _, content, headers, last_modified = stored
        response = HttpResponse(content, headers=headers)
        return conditional_response(request, response, last_modified)
    # Built on the replica only when it has replayed past every token (pagecache.replica).
    with replica.reads_for_page(request, tokens):
        response = view(request, *args, **kwargs)
    # Keys on every anonymous answer (a 410 too): a proxy may keep what we do not.
    response.headers[SURROGATE_KEY_HEADER] = " ".join(surrogate_keys(slug))
    if not _cacheable(response, cookie_keyed=cookie_keyed):
        return response
    if "ETag" not in response:
        response.headers["ETag"] = _etag(response.content)
    patch_cache_control(
        response, public=True, max_age=settings.VETTED_CACHE_MAX_AGE, s_maxage=settings.VETTED_CACHE_S_MAXAGE
    )
    headers = {name: response[name] for name in STORED_HEADERS if name in response}
    last_modified = _parse_http_date(response.get("Last-Modified"))
    if tokens is not None:
        entry = (tokens, response.content, headers, last_modified)
        caches["pages"].set(page_key, entry, timeout=settings.VETTED_PAGE_CACHE_SECONDS)
        stale.keep(page_key, response.content, headers)
    return conditional_response(request, response, last_modified)


def conditional_response(request: HttpRequest, response: HttpResponse, last_modified: int | None) -> HttpResponse:
    """304 Not Modified when the request's ``If-None-Match``/``If-Modified-Since`` match, else ``response``.

    ``response`` must carry an ``ETag``; ``last_modified`` is its ``Last-Modified`` as a timestamp.
    """
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return (
        get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)
        or response
    )


def _cacheable(response: HttpResponse, *, cookie_keyed: bool = False) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # A response that varies on anything but encoding (a cookie-remembered audience, say) must not be
    # stored under its path alone: that is how a patient would get the clinician's page.
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= ({"accept-encoding", "cookie"} if cookie_keyed else {"accept-encoding"})


def _etag(content: bytes) -> str:
    digest = hashlib.blake2b(content, digest_size=12, person=str(render_version()).encode()[:16])
    return f'"{digest.hexdigest()}"'


def _parse_http_date(value: str | None) -> int | None:
    return parse_http_date_safe(value) if value else None
