"""Search over published revisions only: PostgreSQL full-text search, or a simple fallback on SQLite.

Only ``Article.published_revision`` (and its sections) is ever searched, so text of a revision in
review can never be found. Snippets are escaped and only our own ``<mark>`` is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape

from articles.models import Article
from articles.selectors import published_articles
from references.citations import CITATION_GROUP_RE

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 50
SNIPPET_WIDTH = 220
# Sentinels PostgreSQL's headline wraps matches in; they cannot occur in escaped text.
START, STOP = "\x02", "\x03"
TEXT_FIELDS = ("title", "plain_title", "summary", "plain_summary")
SECTION_FIELDS = ("heading", "body", "plain_heading", "plain_body")


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: str
    snippet_html: str  # escaped text with <mark> around matches


def clean_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _strip_markup(text: str) -> str:
    """Markdown source to readable text for a snippet: no citation keys, list markers or emphasis."""
    text = CITATION_GROUP_RE.sub("", text or "")
    text = re.sub(r"[*_`#>]+|^\s*[-+]\s+", " ", text, flags=re.M)
    return " ".join(text.split())


def _marked_html(text_with_sentinels: str) -> str:
    return escape(text_with_sentinels).replace(START, "<mark>").replace(STOP, "</mark>")


def _document(revision) -> str:
    parts = [getattr(revision, name) for name in ("summary", "plain_summary")]
    for section in revision.sections.all():
        parts += [getattr(section, name) for name in SECTION_FIELDS]
    return _strip_markup(" ".join(part for part in parts if part))


def highlight(text: str, terms: list[str], width: int = SNIPPET_WIDTH) -> str:
    """A window of ``text`` around the first match, escaped, with every term marked."""
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if term and term.lower() in lowered]
    start = max(0, min(positions) - width // 3) if positions else 0
    if start > 0 and " " in text[start : start + 30]:
        start = text.index(" ", start) + 1  # begin at a word
    end = start + width
    if end < len(text) and " " in text[end - 30 : end]:
        end = text.rindex(" ", end - 30, end)  # end at a word
    window = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    if terms:
        pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.I)
        window = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return _marked_html(prefix + window + suffix)


def _fallback(query: str) -> list[SearchResult]:
    terms = query.split()
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in TEXT_FIELDS:
            any_field |= Q(**{f"published_revision__{name}__icontains": term})
        for name in SECTION_FIELDS:
            any_field |= Q(**{f"published_revision__sections__{name}__icontains": term})
        condition &= any_field
    articles = (
        published_articles()
        .filter(condition)
        .distinct()
        .prefetch_related("published_revision__sections")
        .order_by("-published_at", "slug")[:MAX_RESULTS]
    )
    return [
        SearchResult(article, article.published_revision.title, highlight(_document(article.published_revision), terms))
        for article in articles
    ]


def _postgres(query: str) -> list[SearchResult]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector

    search_query = SearchQuery(query, search_type="websearch", config="english")
    revision = "published_revision__"
    section = "published_revision__sections__"

    def text(name: str):
        return Coalesce(F(name), Value(""), output_field=TextField())

    vector = (
        SearchVector(text(revision + "title"), text(revision + "plain_title"), weight="A", config="english")
        + SearchVector(text(revision + "summary"), text(revision + "plain_summary"), weight="B", config="english")
        + SearchVector(
            text(section + "heading"),
            text(section + "body"),
            text(section + "plain_heading"),
            text(section + "plain_body"),
            weight="C",
            config="english",
        )
    )
    document = Concat(
        text(revision + "summary"),
        Value(" "),
        text(section + "heading"),
        Value(" "),
        text(section + "body"),
        output_field=TextField(),
    )
    rows = (
        published_articles()
        .annotate(
            search=vector,
            rank=SearchRank(vector, search_query),
            headline=SearchHeadline(
                document, search_query, config="english", start_sel=START, stop_sel=STOP, max_words=35, min_words=15
            ),
        )
        .filter(search=search_query)
        .order_by("-rank", "slug")
    )
    results: dict[int, SearchResult] = {}
    for article in rows[: MAX_RESULTS * 10]:  # one row per section; keep each article's best
        if article.pk not in results:
            snippet = _marked_html(_strip_markup(article.headline))
            results[article.pk] = SearchResult(article, article.published_revision.title, snippet)
    return list(results.values())[:MAX_RESULTS]


def search_published(raw_query: str) -> list[SearchResult]:
    query = clean_query(raw_query)
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _postgres(query)
    return _fallback(query)
