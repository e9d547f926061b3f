"""Which public pages an article's change retires: from each server's page cache (``pagecache``) and from the
proxy or CDN in front (``articles.purges``), both after the commit.

The services and the reader-site admin call the ``retire_*_on_commit`` functions inside their transaction:
the purge's outbox row is written with the change, and after the commit the tokens are renewed first and
the proxy purged second, so the proxy's refetch never finds the old page in a server's cache.
"""

from __future__ import annotations

from django.db import transaction

import pagecache
from articles.models import Article
from articles.purges import queue_purge
from pagecache import purge


def invalidate_article(article_id: int) -> None:
    """Every cached page of this article, and every listing, misses on the next request on every server.

    Call it through ``transaction.on_commit`` so no server can re-cache the old page in between.
    """
    if not pagecache.tokens_per_article():
        pagecache.invalidate_all()  # one site-wide token: no need to read the slug
        return
    pagecache.invalidate_article_pages(_slug(article_id))


def retire_article_on_commit(article_id: int) -> None:
    """An article changed (a transition, a confirmed review): call inside the change's transaction."""
    transaction.on_commit(lambda: invalidate_article(article_id))
    if purge.purging():
        queue_purge(purge.article_change_keys(_slug(article_id)))


def retire_all_on_commit() -> None:
    """Something on every page changed (audiences, disclaimers, board profiles, site pages)."""
    transaction.on_commit(pagecache.invalidate_all)
    queue_purge([purge.SITE_KEY])


def _slug(article_id: int) -> str | None:
    return Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
