"""Render once, cache whole public responses, and answer conditional requests.

Three layers over three caches (config/settings.py): ``default`` (rendered revisions; Redis with
``REDIS_URL``), ``tokens`` (generation tokens, which every worker process of every app server must share:
Redis with ``REDIS_URL``, else files on the host) and ``pages`` (whole responses, in each process's
memory, trusted only while they carry the current tokens):

1. ``rendered_revision``: one approved revision rendered in one register, keyed by
   ``(revision id, register, RENDER_VERSION)``, in the cache and in the database (``StoredRendering``).
   Approved revisions never change, so the key never needs invalidating; bumping
   ``settings.RENDER_VERSION`` retires every entry site-wide.
2. ``public_page``: a view decorator that stores whole 200 responses of anonymous GET/HEAD requests,
   keyed by the full path (which names the audience) and by generation tokens.
   ``invalidate_article`` replaces an article's token (and the listings' token), so the next request in
   every process on every server misses; ``invalidate_all_pages`` replaces the site-wide token (audience or disclaimer
   edits). Services call them through ``transaction.on_commit``, never before the data is visible.
3. HTTP: anonymous responses get ``Cache-Control: public, max-age, s-maxage``, an ``ETag`` and (when the
   view sets one with ``set_last_modified``) ``Last-Modified``; conditional requests get 304.
   Authenticated users get ``private, no-store`` and never touch the shared page cache.

This module must not import ``editorial`` (imports flow editorial -> articles -> references).
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from articles import token_watch

PREFIX = "vetted"
ALL_PAGES_TOKEN_KEY = f"{PREFIX}:token:all"
LISTINGS_TOKEN_KEY = f"{PREFIX}:token:listings"
# Headers the view sets that belong to the stored response; middleware adds the rest on every request.
STORED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control")


def render_version() -> int:
    return settings.RENDER_VERSION


# ---------------------------------------------------------------------------------------------
# 1. Render once


NOT_READ = object()  # rendered_revision's caller has not read the stored rendering


def rendered_revision(revision, register: str, stored_payload=NOT_READ):
    """``render_revision(revision, register)`` for a published revision, rendered once per RENDER_VERSION.

    ``stored_payload`` is the stored row's payload, or None for no row, when the caller already read it
    (it came with the article's query: ``selectors.article_page``); a payload is used as it is, with no
    cache round trip. Otherwise the rendering is looked up in the shared cache, then in the database
    (``StoredRendering``, written on the first render), and only then rendered. The value is the whole
    ``RenderedArticle`` (sanitised HTML and plain-text metadata), so no page build after the first does
    Markdown, citation or sanitiser work, nor reads sections or references. Previews of unapproved
    revisions must call ``render_revision`` directly.
    """
    from articles.rendering import RenderedArticle

    if stored_payload is not NOT_READ and stored_payload is not None:
        return RenderedArticle.from_payload(stored_payload)  # already read: no cache round trip
    key = f"{PREFIX}:rendered:{render_version()}:{revision.pk}:{register}"
    rendered = cache.get(key)
    if rendered is None:
        if stored_payload is NOT_READ:
            rendered = stored_rendering(revision, register)
        else:
            rendered = render_and_store(revision, register)
        cache.set(key, rendered, timeout=settings.VETTED_RENDER_CACHE_SECONDS)
    return rendered


def stored_rendering(revision, register: str):
    """The revision's stored rendering for this RENDER_VERSION, rendering and storing it if there is none."""
    from articles.models import StoredRendering
    from articles.rendering import RenderedArticle

    found = StoredRendering.objects.filter(revision_id=revision.pk, register=register, render_version=render_version())
    payload = found.values_list("payload", flat=True).first()
    if payload is not None:
        return RenderedArticle.from_payload(payload)
    return render_and_store(revision, register)


def render_and_store(revision, register: str):
    """Render an approved revision (read whole: the page's query reads only a few of its fields) and store it."""
    from articles.models import StoredRendering
    from articles.rendering import STORABLE_STATES, render_revision

    revision = type(revision).objects.get(pk=revision.pk)
    if revision.state not in STORABLE_STATES:
        raise ValueError(f"Only approved revisions are rendered once; revision {revision.pk} is {revision.state}.")
    rendered = render_revision(revision, register)
    row = StoredRendering(
        revision_id=revision.pk, register=register, render_version=render_version(), payload=rendered.to_payload()
    )
    StoredRendering.objects.bulk_create([row], ignore_conflicts=True)  # another server stored it first: same HTML
    return rendered


def prune_stored_renderings() -> int:
    """Delete the stored renderings no page reads: another RENDER_VERSION's, or a revision's that is no
    longer published. At 100,000 articles the current ones take about 1 GB; each version bump would add
    as much again. Returns how many rows were deleted."""
    from django.db.models import Q

    from articles.models import StoredRendering

    unread = ~Q(render_version=render_version()) | Q(revision__published_for__isnull=True)
    deleted, _ = StoredRendering.objects.filter(unread).delete()
    return deleted


# ---------------------------------------------------------------------------------------------
# 2. Generation tokens and invalidation


def _page_token_keys(article_slug: str | None) -> list[str]:
    """The tokens a page depends on: the site-wide one, and its article's or the listings' one.

    Without a shared network cache (``VETTED_TOKENS_PER_ARTICLE`` off, tokens in files) there is only the
    site-wide token: one small file read per request, and any change renews every page.
    """
    if not settings.VETTED_TOKENS_PER_ARTICLE:
        return [ALL_PAGES_TOKEN_KEY]
    if article_slug is None:
        return [ALL_PAGES_TOKEN_KEY, LISTINGS_TOKEN_KEY]
    return [ALL_PAGES_TOKEN_KEY, f"{PREFIX}:token:article:{article_slug}"]


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def _watch():
    """The process's pub/sub copy of the tokens (``articles.token_watch``), when they live in Redis."""
    url = settings.VETTED_TOKEN_WATCH_URL
    return token_watch.watch(url) if url else None


def _tokens(keys: list[str]) -> tuple[str, ...] | None:
    """The current token of each key: from this process's watch when there is one, else from the store."""
    watch = _watch()
    return _read_tokens(keys) if watch is None else watch.tokens(keys, _read_tokens)


def _read_tokens(keys: list[str]) -> tuple[str, ...] | None:
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


def invalidate_article(article_id: int) -> None:
    """Every cached page of this article, and every listing, misses on the next request on every server.

    Call it through ``transaction.on_commit`` so no server can re-cache the old page in between.
    """
    from articles.models import Article

    if not settings.VETTED_TOKENS_PER_ARTICLE:
        invalidate_all_pages()
        return
    slug = Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
    keys = {LISTINGS_TOKEN_KEY: _new_token()}
    if slug is not None:
        keys[_page_token_keys(slug)[1]] = _new_token()
    _replace_tokens(keys)


def invalidate_all_pages() -> None:
    """Every cached public page misses next time (audience or disclaimer edits, template changes)."""
    _replace_tokens({ALL_PAGES_TOKEN_KEY: _new_token()})


def _replace_tokens(tokens: dict[str, str]) -> None:
    """Write new tokens to the store, then tell every process's watch (Redis pub/sub)."""
    caches["tokens"].set_many(tokens, timeout=None)
    watch = _watch()
    if watch is not None:
        watch.publish(tokens)


# ---------------------------------------------------------------------------------------------
# 3. HTTP caching


def set_last_modified(response: HttpResponse, *moments: datetime | None) -> HttpResponse:
    """Set ``Last-Modified`` to the latest of ``moments`` (an article's published_at, last_reviewed_at)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        response.headers["Last-Modified"] = http_date(max(known).timestamp())
    return response


def _etag(content: bytes) -> str:
    digest = hashlib.blake2b(content, digest_size=12, person=str(render_version()).encode()[:16])
    return f'"{digest.hexdigest()}"'


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


def _cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # A response that varies on anything but encoding (a cookie-remembered audience, say) must not be
    # stored under its path alone: that is how a patient would get the clinician's page.
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"accept-encoding"}


def public_page(view=None, *, article_slug_kwarg: str | None = None):
    """Cache whole anonymous responses of a public view and answer conditional requests.

    ``article_slug_kwarg`` names the URL keyword holding the article's slug: the page is then
    invalidated by ``invalidate_article``. Without it the page is a listing (home, search), invalidated
    whenever any article changes.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not is_anonymous(request):
                response = view(request, *args, **kwargs)
                return mark_private(response) if request.method in ("GET", "HEAD") else response
            slug = kwargs[article_slug_kwarg] if article_slug_kwarg is not None else None
            path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            page_key = f"{PREFIX}:page:{render_version()}:{path_hash}"
            # The tokens come from the store every process shares; the page from this process's memory,
            # used only if it was stored under the current tokens (the entry carries them).
            tokens = _tokens(_page_token_keys(slug))
            stored = caches["pages"].get(page_key) if tokens is not None else None
            if stored is not None and stored[0] == tokens:
                _, content, headers, last_modified = stored
                response = HttpResponse(content, headers=headers)
            else:
                response = view(request, *args, **kwargs)
                if not _cacheable(response):
                    return response
                if "ETag" not in response:
                    response.headers["ETag"] = _etag(response.content)
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.VETTED_CACHE_MAX_AGE,
                    s_maxage=settings.VETTED_CACHE_S_MAXAGE,
                )
                headers = {name: response[name] for name in STORED_HEADERS if name in response}
                last_modified = _parse_http_date(response.get("Last-Modified"))
                if tokens is not None:
                    entry = (tokens, response.content, headers, last_modified)
                    caches["pages"].set(page_key, entry, timeout=settings.VETTED_PAGE_CACHE_SECONDS)
            if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
                return (
                    get_conditional_response(
                        request, etag=response["ETag"], last_modified=last_modified, response=response
                    )
                    or response
                )
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def _parse_http_date(value: str | None) -> int | None:
    return parse_http_date_safe(value) if value else None
