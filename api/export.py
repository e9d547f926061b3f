"""The nightly file for partners: every published article as one JSON object a line (``manage.py export_jsonl``).

Each line is exactly what ``GET /api/v1/articles/{slug}/?audience=...`` answers: the same builder
(``api.articles.article_data``), validated by the same schema (``ArticleOut``) and written by django-ninja's
own JSON encoder, so a line and the endpoint's body parse to the same object. Text fields are plain text or
sanitised HTML as the schema says.

Memory stays bounded whatever the corpus: addresses are read a chunk at a time (keyset pagination on the
slug), each article is built, written and dropped, and every article costs the same few queries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ninja.responses import NinjaJSONEncoder

from api.articles import article_data, site_url
from api.schemas import ArticleOut
from articles import selectors
from articles.models import Audience

CHUNK = 200


def published_slugs(chunk: int = CHUNK) -> Iterator[str]:
    """Every published article's address in order, ``chunk`` at a time (never the whole list in memory)."""
    last = ""
    while True:
        slugs = list(
            selectors.published_articles().filter(slug__gt=last).order_by("slug").values_list("slug", flat=True)[:chunk]
        )
        yield from slugs
        if len(slugs) < chunk:
            return
        last = slugs[-1]


def article_line(slug: str, audience: Audience, absolute: Callable[[str], str] = site_url) -> str | None:
    """One line: the article's detail for ``audience`` as JSON, or None if it was withdrawn meanwhile."""
    page = selectors.article_page(slug, audience.slug)
    if page is None:
        return None
    data = ArticleOut.model_validate(article_data(page, audience, absolute)).model_dump(by_alias=True)
    return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


def export_lines(audiences: list[Audience], absolute: Callable[[str], str] = site_url) -> Iterator[str]:
    """Every published article for each of ``audiences``, article by article."""
    for slug in published_slugs():
        for audience in audiences:
            line = article_line(slug, audience, absolute)
            if line is not None:
                yield line
