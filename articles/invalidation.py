"""Which cached public pages an article's change retires (the page cache itself is ``pagecache``)."""

from __future__ import annotations

import pagecache
from articles.models import Article


def invalidate_article(article_id: int) -> None:
    """Every cached page of this article, and every listing, misses on the next request on every server.

    Call it through ``transaction.on_commit`` so no server can re-cache the old page in between.
    """
    if not pagecache.tokens_per_article():
        pagecache.invalidate_all()  # one site-wide token: no need to read the slug
        return
    slug = Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
    pagecache.invalidate_article_pages(slug)
