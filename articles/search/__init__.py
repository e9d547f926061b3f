"""Search over published revisions only: PostgreSQL full-text search, or a simple fallback on SQLite.

Each published article has one ``SearchDocument`` (its published revision's titles, "also called" names,
and text in each register, without citations or Markdown), written by ``index_article`` when a revision is
approved and removed by ``unindex_article`` when it is withdrawn; ``editorial.services`` calls both inside
the workflow transaction. British and American spellings find each other: the indexed text and the query
are folded alike (``spelling``). Queries read the stored documents (a GIN-indexed ``tsvector`` on
PostgreSQL), rank, paginate, and build snippets only for the page shown, from the text in the reader's
register; on PostgreSQL a page, its count and the query's lexemes come from one query, and snippets are
marked in Python.

Only documents whose revision is still ``Article.published_revision`` are ever returned, so text of a
revision in review (or a withdrawn one) can never be found. Snippets are escaped and only our own
``<mark>`` is added.

- ``index``: the stored documents and the writes that keep them (``index_article``, ``unindex_article``).
- ``query``: ``search_published`` and its paginators (``RANK_AT_MOST``, ``RESULTS_PER_PAGE`` live there).
- ``snippets``: the escaped, marked window of text each result shows.
- ``spelling``: British and American spellings folded to one form (``fold_text``), and matched back in the
  original text (``variant_pattern``).
"""

from articles.search.index import (
    DocumentTexts,
    build_document,
    document_texts,
    fill_vectors,
    index_article,
    published_documents,
    reindex_published,
    strip_markup,
    unindex_article,
)
from articles.search.query import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_PAGE,
    SearchResult,
    article_url,
    clean_query,
    matching_documents,
    search_published,
)
from articles.search.snippets import highlight, snippet_terms
from articles.search.spelling import fold_text, fold_word, variant_pattern

__all__ = [
    "DocumentTexts",
    "MAX_QUERY_LENGTH",
    "RESULTS_PER_PAGE",
    "SearchResult",
    "article_url",
    "build_document",
    "clean_query",
    "document_texts",
    "fill_vectors",
    "fold_text",
    "fold_word",
    "highlight",
    "index_article",
    "matching_documents",
    "published_documents",
    "reindex_published",
    "search_published",
    "snippet_terms",
    "strip_markup",
    "unindex_article",
    "variant_pattern",
]
