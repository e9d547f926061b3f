"""What search reads: one ``SearchDocument`` per published article, and the writes that keep it so.

``index_article`` stores the text of a revision when it is approved and ``unindex_article`` removes it when
the article is withdrawn; ``editorial.services`` calls both inside the workflow transaction.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, QuerySet

from articles.models import Article, SearchDocument
from articles.search.snippets import START, STOP
from references.citations import CITATION_GROUP_RE

SECTION_FIELDS = ("heading", "body", "plain_heading", "plain_body")


def _strip_markup(text: str) -> str:
    """Markdown source to readable text for a snippet: no citation keys, list markers or emphasis."""
    text = CITATION_GROUP_RE.sub("", (text or "").replace(START, " ").replace(STOP, " "))  # our sentinels only
    text = re.sub(r"[*_`#>]+|^\s*[-+]\s+", " ", text, flags=re.M)
    return " ".join(text.split())


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
