"""Search over published revisions only: PostgreSQL full-text search, or a simple fallback on SQLite.

Each published article has one ``SearchDocument`` (its published revision's text, both registers,
without citations), written by ``index_article`` when a revision is approved and removed by
``unindex_article`` when it is withdrawn; ``editorial.services`` calls both inside the workflow
transaction. Queries read the stored documents (a GIN-indexed ``tsvector`` on PostgreSQL), rank,
paginate, and build snippets only for the page shown; on PostgreSQL a page, its count and the query's
lexemes come from one query, and snippets are marked in Python.

Only documents whose revision is still ``Article.published_revision`` are ever returned, so text of a
revision in review (or a withdrawn one) can never be found. Snippets are escaped and only our own
``<mark>`` is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, SearchDocument
from references.citations import CITATION_GROUP_RE

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
RANK_AT_MOST = 200  # matches ranked per query on PostgreSQL (10 pages); see _postgres
SNIPPET_WIDTH = 220
COVER_TRIES = 4  # places of each term a snippet tries for the passage with the most different terms
STEM_ENDING = 4  # letters a marked word may have after a lexeme (vessel-s, therapi-es, bleed-ing)
# Sentinels around matches until the text is escaped (then they become <mark>); removed from stored text.
START, STOP = "\x02", "\x03"
SECTION_FIELDS = ("heading", "body", "plain_heading", "plain_body")


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: str
    snippet_html: str  # escaped text with <mark> around matches
    url: str  # the article's address (``Article.get_absolute_url``)


SLUG_MARK = "slug-mark"


@lru_cache(maxsize=8)
def _marked_article_url(script_prefix: str) -> str:
    return reverse("articles:detail", args=[SLUG_MARK])


def article_url(slug: str) -> str:
    """``Article.get_absolute_url()`` without reversing it for each result: the address reversed once per
    script prefix with a mark where the slug goes (a slug's characters need no quoting in a path)."""
    return _marked_article_url(get_script_prefix()).replace(SLUG_MARK, slug)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """Words separated by single spaces, at most ``MAX_QUERY_LENGTH`` characters, no control characters
    (PostgreSQL refuses a NUL in text, which was a server error; and ``START``/``STOP`` are ours)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


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


def _alternatives(terms: list[str]) -> str:
    return "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))


def _terms_pattern(terms: list[str], whole_words: bool) -> re.Pattern | None:
    """Any of ``terms`` anywhere; or, with ``whole_words``, a whole word that is a term plus at most
    ``STEM_ENDING`` more letters (one for a term shorter than 4: ``cat`` marks "cats", not "catheter";
    the lexeme ``k`` of "vitamin K" marks "K", not "kidney")."""
    terms = [term for term in terms if term]
    if not terms:
        return None
    if not whole_words:
        return re.compile(_alternatives(terms), re.I)
    long, short = [term for term in terms if len(term) >= 4], [term for term in terms if len(term) < 4]
    parts = [rf"(?:{_alternatives(long)})\w{{0,{STEM_ENDING}}}" if long else None]
    parts.append(rf"(?:{_alternatives(short)})\w?" if short else None)
    return re.compile(r"\b(?:" + "|".join(part for part in parts if part) + r")\b", re.I)


def highlight(text: str, terms: list[str], width: int = SNIPPET_WIDTH, whole_words: bool = False) -> str:
    """A window of ``text`` around the first match, escaped, with every term marked.

    With ``whole_words``, a term matches a word from its start, with a short ending (terms are then
    stems: ``vessel`` marks ``vessels``), and the window is centred on the passage with the most different
    terms (``_anchor``); otherwise a term matches anywhere, as the SQLite fallback's ``icontains`` finds it.
    """
    keys = _cover_keys(terms) if whole_words else ()
    return _highlight(text, _terms_pattern(terms, whole_words), width, keys=keys)


def _cover_keys(terms: list[str]) -> tuple[str, ...]:
    """What tells the query's different terms apart near a match: each term in lower case less its last
    letter (``therapi`` and ``therapy`` are both ``therap``), keeping the shortest of keys that start alike."""
    kept: list[str] = []
    for key in sorted({(term[:-1] if len(term) >= 4 else term).lower() for term in terms if term}, key=len):
        if not any(key.startswith(shorter) for shorter in kept):
            kept.append(key)
    return tuple(kept)


def _anchor(text: str, pattern: re.Pattern, start_at: int, width: int, keys: tuple[str, ...]) -> int | None:
    """Where the snippet's window is centred: the first match from ``start_at``; for a query of several
    terms, of the first ``COVER_TRIES`` places each term occurs, the match whose window holds the most
    different terms (as ``ts_headline`` looks for a passage covering the query), the earliest on a tie.
    Places are found with ``str.find`` (a regular expression looking through every match cost 60 us a
    result) and kept only where ``pattern`` matches a whole word."""
    first = pattern.search(text, start_at)
    lowered = text.lower()
    if first is None or len(keys) < 2 or len(lowered) != len(text):
        return first.start() if first else None
    reach = width - width // 3  # the window runs from a third of its width before the match

    def terms_near(position: int) -> int:
        return sum(lowered.find(key, position, position + reach) >= 0 for key in keys)

    best, most = first.start(), terms_near(first.start())
    for key in keys:
        position = lowered.find(key, start_at)
        for _ in range(COVER_TRIES):
            if position < 0 or most == len(keys):
                break
            if pattern.match(text, position):
                near = terms_near(position)
                if near > most or (near == most and position < best):
                    best, most = position, near
            position = lowered.find(key, position + 1)
    return best


def _highlight(
    text: str, pattern: re.Pattern | None, width: int = SNIPPET_WIDTH, skip: int = 0, keys: tuple[str, ...] = ()
) -> str:
    """``highlight`` with the pattern compiled; the window starts no earlier than ``skip`` when a match
    lies after it (search results skip the titles, which the page shows above the snippet), and around the
    passage with the most different ``keys`` (``_anchor``)."""
    anchor = None
    if pattern:
        anchor = _anchor(text, pattern, skip, width, keys)
        if anchor is None and skip:
            anchor = _anchor(text, pattern, 0, width, keys)
    floor = skip if anchor is not None and anchor >= skip else 0
    start = max(floor, anchor - width // 3) if anchor is not None else 0
    if start > floor and " " in text[start : start + 30]:
        start = text.index(" ", start) + 1  # begin at a word
    end = start + width
    if end < len(text) and " " in text[end - 30 : end]:
        end = text.rindex(" ", end - 30, end)  # end at a word
    window = text[start:end]
    prefix = "… " if start > floor else ""
    suffix = " …" if end < len(text) else ""
    if pattern:
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
        SearchResult(
            doc.article,
            doc.article.published_revision.title,
            highlight(doc.search_text, terms),
            article_url(doc.article.slug),
        )
        for doc in documents
    ]


def _postgres(query: str) -> Paginator:
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
    return RankedPaginator(query, RESULTS_PER_PAGE, count_at_most=RANK_AT_MOST)


@cache
def _page_sql() -> str:
    """One page of ranked published matches, each row ``(article id, slug, published title, document title,
    search text, published matches, the query's lexemes as text)``; parameters: the query (three times),
    ``RANK_AT_MOST + 1``, the page size and the offset.

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
        SELECT page.article_id, page.slug, revision.title, document.title, document.search_text, page.found,
               websearch_to_tsquery('english'::regconfig, %s)::text
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


def _page_rows(query: str, offset: int, limit: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_page_sql(), [query, query, query, RANK_AT_MOST + 1, limit, offset])
        return cursor.fetchall()


LEXEME_RE = re.compile(r"(!?)'((?:[^']|'')+)'")


def snippet_terms(query: str, lexemes: str) -> list[str]:
    """What a snippet marks: the query's lexemes (``websearch_to_tsquery`` as text, stemmed by PostgreSQL;
    negated ones left out) and the reader's words that share a lexeme's stem (``therapy`` for ``therapi``),
    so stop words PostgreSQL ignored are not marked.
    """
    stems = [match.group(2).replace("''", "'") for match in LEXEME_RE.finditer(lexemes or "") if not match.group(1)]
    words = [word.strip('"').lstrip("-") for word in query.split() if not word.startswith("-")]
    kept = [word for word in words if any(word.lower().startswith(stem[: max(1, len(stem) - 1)]) for stem in stems)]
    return list(dict.fromkeys(stems + kept))


def _result(row: tuple, pattern: re.Pattern | None, keys: tuple[str, ...]) -> SearchResult:
    pk, slug, published_title, title, search_text, _found, _lexemes = row
    # The titles are shown above the snippet: take it from the rest of the text when the match is there.
    body = len(title) + 1 if title and search_text.startswith(title) else 0
    snippet = _highlight(search_text, pattern, skip=body, keys=keys)
    return SearchResult(Article(pk=pk, slug=slug), published_title, snippet, article_url(slug))


class RankedPaginator(Paginator):
    """Pages of ``SearchResult`` for ``query`` on PostgreSQL, each page (with the count) from one query.

    ``count`` stops at ``count_at_most``, and ``more_than_count`` says whether there were more.
    """

    def __init__(self, query: str, per_page: int, count_at_most: int):
        super().__init__([], per_page)
        self.query = query
        self.count_at_most = count_at_most
        self.more_than_count = False
        self._rows: dict[int, list[tuple]] = {}
        self._found: int | None = None

    def _fetch(self, offset: int) -> list[tuple]:
        if offset not in self._rows:
            rows = _page_rows(self.query, offset, self.per_page)
            self._rows[offset] = rows
            if rows:
                self._found = rows[0][5]
            elif offset == 0:
                self._found = 0
        return self._rows[offset]

    @cached_property
    def count(self) -> int:
        if self._found is None:
            self._fetch(0)
        if self._found > self.count_at_most:
            self.more_than_count = True
            return self.count_at_most
        return self._found

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
        offset = (number - 1) * self.per_page
        rows = self._fetch(offset)
        if not rows and number > 1 or number > self.num_pages:  # with no rows on page 1, num_pages is 1
            raise EmptyPage(self.error_messages["no_results"])
        rows = rows[: self.count - offset]  # the capped count ends the last page
        terms = snippet_terms(self.query, rows[0][6]) if rows else []
        pattern, keys = _terms_pattern(terms, whole_words=True), _cover_keys(terms)
        return Page([_result(row, pattern, keys) for row in rows], number, self)


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
