"""Search over published revisions only: PostgreSQL full-text search, or a simple fallback on SQLite.

Each published article has one ``SearchDocument`` (its published revision's text, both registers,
without citations), written by ``index_article`` when a revision is approved and removed by
``unindex_article`` when it is withdrawn; ``editorial.services`` calls both inside the workflow
transaction. Queries read the stored documents (a GIN-indexed ``tsvector`` on PostgreSQL), rank,
paginate, and build snippets only for the page shown.

Only documents whose revision is still ``Article.published_revision`` are ever returned, so text of a
revision in review (or a withdrawn one) can never be found. Snippets are escaped and only our own
``<mark>`` is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Left
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, SearchDocument
from references.citations import CITATION_GROUP_RE

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RANK_AT_MOST = 200  # matches ranked per query on PostgreSQL (10 pages); see _postgres
HEADLINE_CHARS = 2000  # ts_headline parses this much of each result's text (the titles and summaries come first)
SNIPPET_WIDTH = 220
# Sentinels PostgreSQL's headline wraps matches in; they cannot occur in escaped text.
START, STOP = "\x02", "\x03"
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
    text = CITATION_GROUP_RE.sub("", (text or "").replace(START, " ").replace(STOP, " "))  # our sentinels only
    text = re.sub(r"[*_`#>]+|^\s*[-+]\s+", " ", text, flags=re.M)
    return " ".join(text.split())


def _marked_html(text_with_sentinels: str) -> str:
    return escape(text_with_sentinels).replace(START, "<mark>").replace(STOP, "</mark>")


def document_texts(revision, sections) -> tuple[str, str]:
    """``(title, search_text)`` of a revision: plain text of both registers, citations removed.

    Takes the revision and its sections as arguments (not ``revision.sections``) so data migrations can
    pass historical models.
    """
    title = _strip_markup(" ".join(part for part in (revision.title, revision.plain_title) if part))
    parts = [revision.summary, revision.plain_summary]
    for section in sections:
        parts += [getattr(section, name) for name in SECTION_FIELDS]
    body = _strip_markup(" ".join(part for part in parts if part))
    return title, f"{title} {body}".strip()


def vector_expression():
    """The stored ``tsvector``: titles weighted A, all text C (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector(
        "search_text", weight="C", config="english"
    )


def fill_vectors(documents: QuerySet[SearchDocument]) -> None:
    """Compute ``vector`` from the stored text, in the database (a no-op off PostgreSQL)."""
    if connection.vendor == "postgresql":
        documents.update(vector=vector_expression())


def build_document(article: Article, revision) -> SearchDocument:
    title, search_text = document_texts(revision, revision.sections.all())
    return SearchDocument(article=article, revision=revision, title=title, search_text=search_text)


def index_article(article: Article, revision) -> None:
    """Make ``revision`` (just approved, and now ``article.published_revision``) what search finds.

    Call inside the approval transaction so readers never see a published article missing from search,
    or search text of a revision that is not public.
    """
    document = build_document(article, revision)
    SearchDocument.objects.update_or_create(
        article=article, defaults={"revision": revision, "title": document.title, "search_text": document.search_text}
    )
    fill_vectors(SearchDocument.objects.filter(pk=article.pk))


def unindex_article(article: Article) -> None:
    """The article is no longer public: search must not find it (call inside the withdrawal transaction)."""
    SearchDocument.objects.filter(article=article).delete()


def published_documents() -> QuerySet[SearchDocument]:
    """Documents of the revision each article currently publishes, and only those."""
    return SearchDocument.objects.filter(
        article__published_revision__isnull=False, article__published_revision_id=F("revision_id")
    ).select_related("article", "article__published_revision")


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


def _fallback(query: str) -> Paginator:
    terms = query.split()
    condition = Q()
    for term in terms:
        condition &= Q(search_text__icontains=term)
    documents = published_documents().filter(condition).order_by("-article__published_at", "article__slug")
    return ResultPaginator(documents, RESULTS_PER_PAGE, lambda page: _fallback_results(page, terms))


def _fallback_results(documents: list[SearchDocument], terms: list[str]) -> list[SearchResult]:
    return [
        SearchResult(doc.article, doc.article.published_revision.title, highlight(doc.search_text, terms))
        for doc in documents
    ]


def _postgres(query: str) -> Paginator:
    """Matches ranked by ``ts_rank``; for a query matching more than ``RANK_AT_MOST`` articles, the first
    ``RANK_AT_MOST`` matches found are ranked (and the page says "more than").

    Ranking reads every match's vector, so without the cap a word found in most articles costs time in
    proportion to the library (3.5 s at 100,000 generated articles, where every word is in every article);
    with it, a query costs at most ``RANK_AT_MOST`` vectors whatever the library's size.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config="english")
    # One table, no join: the scan stops at the limit (joined, PostgreSQL hashed every match first).
    # The join below still returns only published text. One more than the cap tells "more than" apart.
    first_matches = SearchDocument.objects.filter(vector=search_query).values("pk")[: RANK_AT_MOST + 1]
    documents = (
        published_documents()
        .filter(pk__in=first_matches)
        .annotate(rank=SearchRank(F("vector"), search_query))
        .order_by("-rank", "article__slug")
    )
    return ResultPaginator(
        documents,
        RESULTS_PER_PAGE,
        lambda page: _postgres_results(page, search_query, query),
        count_at_most=RANK_AT_MOST,
    )


def _postgres_results(documents: list[SearchDocument], search_query, query: str) -> list[SearchResult]:
    """``ts_headline`` for this page's documents only (it re-parses the text, so never for every match).

    It reads the first ``HEADLINE_CHARS`` of each text (its cost grows with the length); when the match
    lies further on, the snippet comes from ``highlight`` over the whole text (the query's words).
    """
    from django.contrib.postgres.search import SearchHeadline

    headlines = dict(
        SearchDocument.objects.filter(pk__in=[doc.pk for doc in documents])
        .annotate(
            headline=SearchHeadline(
                Left("search_text", HEADLINE_CHARS),
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
            )
        )
        .values_list("pk", "headline")
    )
    terms = [word.strip('"').lstrip("-") for word in query.split() if word.lower() != "or"]
    results = []
    for doc in documents:
        headline = headlines.get(doc.pk, "")
        snippet = _marked_html(headline) if START in headline else highlight(doc.search_text, terms)
        results.append(SearchResult(doc.article, doc.article.published_revision.title, snippet))
    return results


class ResultPaginator(Paginator):
    """A paginator over matching documents whose pages hold ``SearchResult``s (snippets built per page).

    With ``count_at_most``, ``count`` stops there and ``more_than_count`` says whether there were more.
    """

    def __init__(self, documents, per_page, to_results, count_at_most: int | None = None):
        super().__init__(documents, per_page)
        self.to_results = to_results
        self.count_at_most = count_at_most
        self.more_than_count = False

    @cached_property
    def count(self) -> int:
        found = super().count
        if self.count_at_most is not None and found > self.count_at_most:
            self.more_than_count = True
            return self.count_at_most
        return found

    def _get_page(self, object_list, number, paginator):
        return Page(self.to_results(list(object_list)), number, paginator)


def search_published(raw_query: str) -> Paginator:
    """A paginator of results for ``raw_query`` (empty for an empty query); pages hold ``SearchResult``s."""
    query = clean_query(raw_query)
    if not query:
        return Paginator([], RESULTS_PER_PAGE)
    if connection.vendor == "postgresql":
        return _postgres(query)
    return _fallback(query)
