"""Queries: a reader's words to pages of ``SearchResult``, ranked on PostgreSQL, newest first on SQLite; on
both, a query matching more than ``RANK_AT_MOST`` articles orders its first ``RANK_AT_MOST`` matches (in
article order) and the page says "more than" (the publisher's decision: docs/speed.md, "Search: at most 200
matches, on both backends").

Only documents whose revision is still ``Article.published_revision`` are ever returned, so text of a
revision in review (or a withdrawn one) can never be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property

from articles.models import Article, SearchDocument
from articles.search.fts import matching_ids_sql, page_sql
from articles.search.index import published_documents
from articles.search.snippets import MARKED, _cover_keys, _highlight, _marked_html, _terms_pattern, snippet_terms
from articles.search.spelling import fold_text

PLAIN = "plain"  # the register whose snippets come from ``SearchDocument.plain_text``
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RANK_AT_MOST = 200  # matches ordered and counted per query, both backends (10 pages); see _postgres


class FoundArticle(NamedTuple):
    """Which article a result is: its id and slug, all a result page needs (a model instance per result cost
    24 us each, a tenth of a page's own work)."""

    pk: int
    slug: str


@dataclass(frozen=True)
class SearchResult:
    article: FoundArticle
    title: str
    snippet_html: str  # escaped text with <mark> around matches
    url: str  # the article's address (``Article.get_absolute_url``)


SLUG_MARK = "slug-mark"


@lru_cache(maxsize=64)
def _marked_article_url(script_prefix: str, audience_slug: str) -> str:
    if audience_slug:
        return reverse("articles:for_audience", args=[SLUG_MARK, audience_slug])
    return reverse("articles:detail", args=[SLUG_MARK])


def article_url(slug: str, audience_slug: str = "") -> str:
    """``Article.get_absolute_url()`` (or the audience's page of the article) without reversing it for each
    result: the address reversed once per script prefix and audience with a mark where the slug goes (a
    slug's characters need no quoting in a path)."""
    return _marked_article_url(get_script_prefix(), audience_slug).replace(SLUG_MARK, slug)


def _snippet(text: str, also_called: str, pattern: re.Pattern | None, keys: tuple[str, ...] = ()) -> str:
    """The marked window of the reader's text; when only the article's other names match, those names."""
    if pattern is not None and also_called and pattern.search(also_called) and not pattern.search(text):
        return _marked_html("Also called: " + pattern.sub(MARKED, also_called))
    return _highlight(text, pattern, keys=keys)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """Words separated by single spaces, at most ``MAX_QUERY_LENGTH`` characters, no control characters
    (PostgreSQL refuses a NUL in text, which was a server error; and ``START``/``STOP`` are ours)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def matching_documents(query: str) -> QuerySet[SearchDocument]:
    """The published documents the site search finds for ``query`` (a ``clean_query``), unranked, in any
    spelling: the same match as the search page (``websearch_to_tsquery`` of the folded query on
    PostgreSQL, every word in any field on SQLite). The API's ``q`` filter reads this."""
    if connection.vendor == "postgresql":
        folded = SearchQuery(fold_text(query), search_type="websearch", config="english")
        return published_documents().filter(vector=folded)
    return published_documents().filter(_every_word(query.split()))


def _every_word(terms: list[str]) -> Q:
    """Every word somewhere in the document, in any of its spellings: looked up in SQLite's FTS5 index of the
    folded text (``articles.search.fts``), not scanned for."""
    sql, params = matching_ids_sql(terms)
    return Q(article_id__in=RawSQL(sql, params))  # noqa: S611 - the SQL is ours; every word is a parameter


def _fallback(query: str, register: str, audience_slug: str) -> Paginator:
    """Every word of the query somewhere in the document (in any spelling: the folded words in the FTS5
    index), newest first; a page and its count from one query (``articles.search.fts.page_sql``). As on
    PostgreSQL, for a query matching more than ``RANK_AT_MOST`` articles the first ``RANK_AT_MOST`` matches in
    article order are ordered (and the page says "more than")."""
    return SubstringPaginator(
        query, RESULTS_PER_PAGE, count_at_most=RANK_AT_MOST, register=register, audience_slug=audience_slug
    )


def _postgres(query: str, register: str, audience_slug: str) -> Paginator:
    """Matches ranked by ``ts_rank``; for a query matching more than ``RANK_AT_MOST`` articles, the first
    ``RANK_AT_MOST`` matches in article order are ranked (and the page says "more than").

    Ranking reads every match's vector, so without the cap a word found in most articles costs time in
    proportion to the library (3.5 s at 100,000 generated articles, where every word is in every article);
    with it, a query costs at most ``RANK_AT_MOST`` vectors whatever the library's size.

    A page is one query (``_page_sql``): the page's rows, how many published matches there are, and the
    query's lexemes for the snippets, which are built in Python (``snippet_terms``). Before, a page took
    three (a count, the page through the ORM, ``ts_headline``), about 17 ms in-process at any library size,
    most of it ``ts_headline`` re-parsing each result's text and the ORM reading whole rows of three tables.
    """
    return RankedPaginator(
        query, RESULTS_PER_PAGE, count_at_most=RANK_AT_MOST, register=register, audience_slug=audience_slug
    )


@cache
def _page_sql() -> str:
    """One page of ranked published matches, each row ``(article id, slug, published title, other names, the
    text in the reader's register, published matches, the query's lexemes as text)``; parameters: whether the
    reader reads the plain register, the query with its spellings folded (three times), ``RANK_AT_MOST + 1``,
    the page size and the offset.

    The first ``RANK_AT_MOST + 1`` matches in article order come from one table, no join (the scan stops at the
    limit; joined, PostgreSQL hashed every match first): for a common word, the primary key's index read in order
    until enough match; for a rare one, the GIN index. In article order, so a query ranks the same matches on every
    request and its pages agree (without an order, a sequential scan started wherever PostgreSQL's synchronised
    scans stood, and page 2 could rank other matches than page 1). Ranked as read (``ts_rank`` in the scan, so only
    the rank, not the vector, goes on to the join and the sort; the vectors are kept in the row, migration 0009).
    The join to the article keeps only the text it still publishes (the same condition as ``published_documents``).
    ``found``, a window count taken before ``LIMIT``, is how many of those are published, so no second query counts
    them. Only the page's rows then fetch their text and title. Written as SQL because the ORM cannot select from a
    subquery; ``tests/articles/test_search_speed.py`` checks it against the ORM's ``published_documents()`` ranked
    by ``SearchRank``.
    """
    quote = connection.ops.quote_name
    document, article = quote(SearchDocument._meta.db_table), quote(Article._meta.db_table)
    revision = quote(Article._meta.get_field("published_revision").related_model._meta.db_table)
    # Table names come from the models; every value is a parameter.
    return f"""
        SELECT page.article_id, page.slug, revision.title, document.also_called,
               CASE WHEN %s AND document.plain_text <> '' THEN document.plain_text ELSE document.search_text END,
               page.found, websearch_to_tsquery('english'::regconfig, %s)::text
        FROM (
            SELECT matches.article_id, article.slug, article.published_revision_id, matches.rank,
                   COUNT(*) OVER () AS found
            FROM (
                SELECT article_id, revision_id, ts_rank(vector, websearch_to_tsquery('english'::regconfig, %s)) AS rank
                FROM {document}
                WHERE vector @@ websearch_to_tsquery('english'::regconfig, %s)
                ORDER BY article_id LIMIT %s
            ) AS matches
            JOIN {article} AS article
              ON article.id = matches.article_id AND article.published_revision_id = matches.revision_id
            ORDER BY matches.rank DESC, article.slug
            LIMIT %s OFFSET %s
        ) AS page
        JOIN {document} AS document ON document.article_id = page.article_id
        JOIN {revision} AS revision ON revision.id = page.published_revision_id
        ORDER BY page.rank DESC, page.slug
    """  # noqa: S608


def _page_rows(query: str, offset: int, limit: int, register: str) -> list[tuple]:
    folded = fold_text(query)  # the vectors hold folded spellings (articles.search.index.vector_texts)
    with connection.cursor() as cursor:
        cursor.execute(_page_sql(), [register == PLAIN, folded, folded, folded, RANK_AT_MOST + 1, limit, offset])
        return cursor.fetchall()


def _result(row: tuple, pattern: re.Pattern | None, keys: tuple[str, ...], marked_url: str) -> SearchResult:
    """A result from a page's row; ``marked_url`` is the article address with ``SLUG_MARK`` for the slug,
    looked up once per page (``article_url`` per result read the script prefix 20 times)."""
    pk, slug, published_title, also_called, text = row[:5]  # then the count (and on PostgreSQL the lexemes)
    snippet = _snippet(text, also_called, pattern, keys)
    return SearchResult(FoundArticle(pk, slug), published_title, snippet, marked_url.replace(SLUG_MARK, slug))


class RankedPaginator(Paginator):
    """Pages of ``SearchResult`` for ``query`` on PostgreSQL, each page (with the count) from one query.

    ``count`` stops at ``count_at_most``, and ``more_than_count`` says whether there were more.
    """

    def __init__(
        self, query: str, per_page: int, count_at_most: int | None, register: str = "", audience_slug: str = ""
    ):
        super().__init__([], per_page)
        self.query = query
        self.register = register
        self.audience_slug = audience_slug
        self.count_at_most = count_at_most
        self.more_than_count = False
        self._rows: dict[int, list[tuple]] = {}
        self._found: int | None = None

    def _fetch(self, offset: int) -> list[tuple]:
        if offset not in self._rows:
            rows = self._page_rows(offset)
            self._rows[offset] = rows
            if rows:
                self._found = rows[0][5]
            elif offset == 0:
                self._found = 0
        return self._rows[offset]

    def _page_rows(self, offset: int) -> list[tuple]:
        return _page_rows(self.query, offset, self.per_page, self.register)

    def _marks(self, rows: list[tuple]) -> tuple[re.Pattern | None, tuple[str, ...]]:
        """What the snippets mark: whole words from the query's lexemes (stemmed by PostgreSQL)."""
        terms = snippet_terms(fold_text(self.query), rows[0][6]) if rows else []
        return _terms_pattern(terms, whole_words=True), _cover_keys(terms)

    @cached_property
    def count(self) -> int:
        if self._found is None:
            self._fetch(0)
        if self.count_at_most is not None and self._found > self.count_at_most:
            self.more_than_count = True
            return self.count_at_most
        return self._found

    def _pages_at_most(self) -> int:
        """The last page any search can have: the count stops at ``count_at_most`` (else a 32-bit offset)."""
        results_at_most = self.count_at_most if self.count_at_most is not None else 2**31
        return max(1, -(-results_at_most // self.per_page))

    def page(self, number) -> Page:
        """Like ``Paginator.page``, but the page's query also tells how many there are (no count first)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self._pages_at_most():
            # Known empty before any query; and the offset of a page such as 10**20 overflows the database's
            # integer (SQLite: OverflowError, PostgreSQL: bigint out of range), a 500 instead of a 404.
            raise EmptyPage(self.error_messages["no_results"])
        offset = (number - 1) * self.per_page
        rows = self._fetch(offset)
        if not rows and number > 1 or number > self.num_pages:  # with no rows on page 1, num_pages is 1
            raise EmptyPage(self.error_messages["no_results"])
        rows = rows[: self.count - offset]  # the capped count ends the last page
        pattern, keys = self._marks(rows)
        marked_url = _marked_article_url(get_script_prefix(), self.audience_slug)
        return Page([_result(row, pattern, keys, marked_url) for row in rows], number, self)


class SubstringPaginator(RankedPaginator):
    """Pages of ``SearchResult`` on SQLite: every word of the query as a substring in any spelling, newest
    first among the first ``count_at_most`` matches (and one more, to know "more than"); each page (with the
    count) from one query through the FTS5 index."""

    def _page_rows(self, offset: int) -> list[tuple]:
        at_most = self.count_at_most + 1 if self.count_at_most is not None else -1  # SQLite: LIMIT -1, none
        sql, params = page_sql(self.query.split(), self.register == PLAIN, at_most, self.per_page, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _marks(self, rows: list[tuple]) -> tuple[re.Pattern | None, tuple[str, ...]]:
        """What the snippets mark: the query's words anywhere, in any spelling (as they were matched)."""
        return _terms_pattern(self.query.split(), whole_words=False), ()


def search_published(raw_query: str, *, register: str = "professional", audience_slug: str = "") -> Paginator:
    """A paginator of results for ``raw_query`` (empty for an empty query); pages hold ``SearchResult``s.

    Any spelling finds any other (``articles.search.spelling``); snippets come from the text in ``register``
    (the reader's audience's), and results link to the page of ``audience_slug`` when one is given."""
    query = clean_query(raw_query)
    if not query:
        return Paginator([], RESULTS_PER_PAGE)
    if connection.vendor == "postgresql":
        return _postgres(query, register, audience_slug)
    return _fallback(query, register, audience_slug)
