"""Render once: an approved revision is rendered in a register once per RENDER_VERSION and kept.

``rendered_revision`` looks a rendering up in the ``default`` cache, keyed by
``(RENDER_VERSION, revision id, register)``, then in the database (``StoredRendering``), and only then
renders and stores it. Approved revisions never change, so the key never needs invalidating; bumping
``settings.RENDER_VERSION`` retires every entry site-wide, and ``prune_stored_renderings`` deletes the
rows no page reads any more. The whole public page around the text is cached by ``pagecache``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from articles.models import StoredRendering
from articles.rendering import STORABLE_STATES, RenderedArticle, render_revision

RENDERED_KEY = "vetted:rendered:{version}:{revision}:{register}"

NOT_READ = object()  # rendered_revision's caller has not read the stored rendering


def rendered_revision(revision, register: str, stored_payload=NOT_READ) -> RenderedArticle:
    """``render_revision(revision, register)`` for a published revision, rendered once per RENDER_VERSION.

    ``stored_payload`` is the stored row's payload, or None for no row, when the caller already read it
    (it came with the article's query: ``selectors.article_page``); a payload is used as it is, with no
    cache round trip. Otherwise the rendering is looked up in the shared cache, then in the database
    (``StoredRendering``, written on the first render), and only then rendered. The value is the whole
    ``RenderedArticle`` (sanitised HTML and plain-text metadata), so no page build after the first does
    Markdown, citation or sanitiser work, nor reads sections or references. Previews of unapproved
    revisions must call ``render_revision`` directly.
    """
    if stored_payload is not NOT_READ and stored_payload is not None:
        return RenderedArticle.from_payload(stored_payload)  # already read: no cache round trip
    key = RENDERED_KEY.format(version=settings.RENDER_VERSION, revision=revision.pk, register=register)
    rendered = cache.get(key)
    if rendered is None:
        if stored_payload is NOT_READ:
            rendered = stored_rendering(revision, register)
        else:
            rendered = render_and_store(revision, register)
        cache.set(key, rendered, timeout=settings.VETTED_RENDER_CACHE_SECONDS)
    return rendered


def stored_rendering(revision, register: str) -> RenderedArticle:
    """The revision's stored rendering for this RENDER_VERSION, rendering and storing it if there is none."""
    found = StoredRendering.objects.filter(
        revision_id=revision.pk, register=register, render_version=settings.RENDER_VERSION
    )
    payload = found.values_list("payload", flat=True).first()
    if payload is not None:
        return RenderedArticle.from_payload(payload)
    return render_and_store(revision, register)


def render_and_store(revision, register: str) -> RenderedArticle:
    """Render an approved revision (read whole: the page's query reads only a few of its fields) and store it."""
    revision = type(revision).objects.get(pk=revision.pk)
    if revision.state not in STORABLE_STATES:
        raise ValueError(f"Only approved revisions are rendered once; revision {revision.pk} is {revision.state}.")
    rendered = render_revision(revision, register)
    row = StoredRendering(
        revision_id=revision.pk,
        register=register,
        render_version=settings.RENDER_VERSION,
        payload=rendered.to_payload(),
    )
    StoredRendering.objects.bulk_create([row], ignore_conflicts=True)  # another server stored it first: same HTML
    return rendered


def prune_stored_renderings() -> int:
    """Delete the stored renderings no page reads: another RENDER_VERSION's, or a revision's that is no
    longer published. At 100,000 articles the current ones take about 1 GB; each version bump would add
    as much again. Returns how many rows were deleted."""
    unread = ~Q(render_version=settings.RENDER_VERSION) | Q(revision__published_for__isnull=True)
    deleted, _ = StoredRendering.objects.filter(unread).delete()
    return deleted
