"""SQLite's search index: an FTS5 table of each document's text with its spellings folded (issue 19).

Search on SQLite matches every word of the query as a substring of the document in any spelling. It used
to test a regular expression of each word's spellings (``variant_pattern``) against four columns of every
published document: a scan of the whole library's text per query (53x the trivial view at 3,000 articles).
Now the spellings are folded once when a document is written (``fold_text``, the same fold PostgreSQL's
vectors hold), into ``articles_searchdocument_fts``, an FTS5 table with the trigram tokenizer, which finds
any substring of three characters or more through its index; the query's words are folded alike.

The table is kept in step with ``articles_searchdocument`` by triggers (migration 0013), so every write
keeps it current, whatever makes it: ``index_article``, ``unindex_article``, the corpus generator, a cascade
from a deleted article or revision, or a test's ``update()``. The triggers fold with ``vetted_fold``, a SQL
function this module registers on every SQLite connection Django opens (``register_fold``). FTS5 is built
into the SQLite Python ships; nothing else runs.
"""

from __future__ import annotations

from articles.search.spelling import fold_text

TABLE = "articles_searchdocument_fts"
PUBLISHED_INDEX = "articles_searchdocument_published"  # (revision_id, article_id), SQLite only
FOLD_FUNCTION = "vetted_fold"
TRIGRAM = 3  # the trigram tokenizer indexes substrings of three characters; shorter words are scanned for


def register_fold(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite connections the fold the triggers call.

    A database function rather than folding in each writer, so that no write to the documents can leave the
    index stale (deterministic: SQLite may then use it wherever an expression allows)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)


def _fts_string(term: str) -> str:
    """``term`` as an FTS5 string: any character may appear between double quotes, a quote written twice.
    With the trigram tokenizer a string matches wherever it appears as a substring."""
    return '"' + term.replace('"', '""') + '"'


def matching_ids_sql(terms: list[str]) -> tuple[str, list[str]]:
    """SQL selecting the ``article_id`` of every document containing all of ``terms`` (words of a cleaned
    query) in any spelling, with its parameters.

    Words of three characters or more go to the index as one ``MATCH`` (all must match); shorter ones (which
    the trigram index cannot look up) are tested with ``instr`` on the candidates the index left, or on
    every row when the query has no longer word. Case: the stored text and the words are folded to lower
    case, and the tokenizer ignores case as well."""
    folded = [fold_text(term) for term in terms]
    indexed = [term for term in folded if len(term) >= TRIGRAM]
    short = [term for term in folded if len(term) < TRIGRAM]
    conditions, params = [], []
    if indexed:
        conditions.append(f"{TABLE} MATCH %s")
        params.append(" AND ".join(_fts_string(term) for term in indexed))
    for term in short:
        conditions.append("instr(folded, %s) > 0")
        params.append(term)
    where = " AND ".join(conditions) or "1"
    return f"SELECT rowid FROM {TABLE} WHERE {where}", params  # noqa: S608 - our table; values bound


def page_sql(terms: list[str], plain: bool, at_most: int, limit: int, offset: int) -> tuple[str, list]:
    """One page of the published documents among the first ``at_most`` matches of ``terms`` in article order,
    newest first, with its parameters; each row ``(article id, slug, published title, other names, the text in
    the reader's register, published matches among those)``.

    One query, as on PostgreSQL (``query._page_sql``), and the same bound: the index yields matches in
    article order (its rowid is the article id), so ``LIMIT at_most`` stops reading there. For a word in most
    of the library, reading every match to count it exactly was most of a search's time (14.5 of 18 ms for
    "calcium" at 10,000 articles); bounded, a query reads at most ``at_most`` matches whatever the library's
    size. The caller asks for ``RANK_AT_MOST + 1`` to know whether there are "more than" ``RANK_AT_MOST``.
    Then a window count before the page's ``LIMIT``; only ids and sort keys are sorted; the page's rows then
    fetch their text. The published check joins the documents through their ``(revision_id, article_id)``
    index (migration 0013): read from the table instead, ``revision_id`` sits after the long texts, in
    overflow pages.
    """
    matches, params = matching_ids_sql(terms)
    matches = f"{matches} ORDER BY rowid LIMIT %s"
    sql = f"""
        SELECT page.id, page.slug, revision.title, document.also_called,
               CASE WHEN %s AND document.plain_text <> '' THEN document.plain_text ELSE document.search_text END,
               page.found
        FROM (
            SELECT article.id, article.slug, article.published_at, article.published_revision_id,
                   COUNT(*) OVER () AS found
            FROM articles_article AS article
            JOIN articles_searchdocument AS published INDEXED BY {PUBLISHED_INDEX}
              ON published.revision_id = article.published_revision_id AND published.article_id = article.id
            WHERE article.id IN ({matches})
            ORDER BY article.published_at DESC, article.slug
            LIMIT %s OFFSET %s
        ) AS page
        JOIN articles_searchdocument AS document ON document.article_id = page.id
        JOIN editorial_revision AS revision ON revision.id = page.published_revision_id
        ORDER BY page.published_at DESC, page.slug
    """  # noqa: S608 - our tables; every value is a parameter
    return sql, [plain, *params, at_most, limit, offset]
