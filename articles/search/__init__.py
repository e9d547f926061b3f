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

- ``index``: the stored documents and the writes that keep them (``index_article``, ``unindex_article``).
- ``query``: ``search_published`` and its paginators (``RANK_AT_MOST``, ``RESULTS_PER_PAGE`` live there).
- ``snippets``: the escaped, marked window of text each result shows.
"""

from articles.search.index import (
    build_document,
    document_texts,
    fill_vectors,
    index_article,
    published_documents,
    unindex_article,
    vector_expression,
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

__all__ = [
    "MAX_QUERY_LENGTH",
    "RESULTS_PER_PAGE",
    "SearchResult",
    "article_url",
    "build_document",
    "clean_query",
    "document_texts",
    "fill_vectors",
    "highlight",
    "index_article",
    "matching_documents",
    "published_documents",
    "search_published",
    "snippet_terms",
    "unindex_article",
    "vector_expression",
]
