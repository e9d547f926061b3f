"""What search reads: one ``SearchDocument`` per published article, and the writes that keep it so.

``index_article`` stores the text of a revision when it is approved and ``unindex_article`` removes it when
the article is withdrawn; ``editorial.services`` calls both inside the workflow transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection
from django.db.models import F, QuerySet

from articles.models import Article, SearchDocument
from articles.search.snippets import START, STOP
from articles.search.spelling import fold_text
from core.texts import split_terms
from references.citations import CITATION_GROUP_RE

VECTOR_BATCH = 500  # documents per UPDATE when vectors are written in bulk

# Markdown that must not reach a snippet: a table's delimiter row, links and images (their text is kept),
# heading and quote marks and list markers at the start of a line, table pipes, emphasis and code marks
# around words (not the underscore inside a word), and backslash escapes.
_CITATIONS_RE = re.compile(r"[ \t]*" + CITATION_GROUP_RE.pattern)  # with the space before: "care [@a]." -> "care."
_TABLE_DELIMITER_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.M)
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_START_RE = re.compile(r"^\s*(?:(?:#{1,6}|>)\s*)+|^\s*(?:[-+*]|\d{1,9}[.)])\s+", re.M)
_EMPHASIS_RE = re.compile(r"(?<!\w)[*_`]+(?=\S)|(?<=\S)[*_`]+(?!\w)")
_MARKS_RE = re.compile(r"[*`#|]+")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


class DocumentTexts(NamedTuple):
    """A revision's texts as search stores them (``SearchDocument``'s fields of the same names)."""

    title: str
    also_called: str
    search_text: str
    plain_text: str


def strip_markup(text: str) -> str:
    """Markdown source to readable text for a snippet: no citation keys, table pipes, list or heading marks,
    emphasis or link syntax; words separated by single spaces."""
    text = _CITATIONS_RE.sub("", (text or "").replace(START, " ").replace(STOP, " "))  # our sentinels only
    text = _TABLE_DELIMITER_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _LINE_START_RE.sub(" ", text)
    text = _MARKS_RE.sub(" ", _EMPHASIS_RE.sub("", _ESCAPE_RE.sub(r"\1", text)))
    return " ".join(text.split())


def _pick(obj, name: str, plain: bool) -> str:
    """The plain wording of a field when asked for and present, else the professional one (as the page)."""
    if plain:
        wording = getattr(obj, f"plain_{name}", "") or ""
        if wording.strip():
            return wording
    return getattr(obj, name) or ""


def _register_text(revision, sections, plain: bool) -> str:
    parts = [_pick(revision, "headline", plain), _pick(revision, "summary", plain)]
    for section in sections:
        parts += [_pick(section, "heading", plain), _pick(section, "body", plain)]
    return strip_markup("\n\n".join(part for part in parts if part))


def document_texts(revision, sections) -> DocumentTexts:
    """What search stores of a revision: its titles, its other names, and its text in each register (with
    the page's fallback to the professional wording, field by field), citations and Markdown removed.

    Takes the revision and its sections as arguments (not ``revision.sections``) so the corpus generator
    can pass plain objects.
    """
    sections = list(sections)
    titles = dict.fromkeys(part for part in (revision.title, revision.plain_title) if part)  # once if the same
    professional = _register_text(revision, sections, plain=False)
    plain = _register_text(revision, sections, plain=True)
    return DocumentTexts(
        title=strip_markup(" ".join(titles)),
        also_called="; ".join(strip_markup(term) for term in split_terms(revision.also_called)),
        search_text=professional,
        plain_text="" if plain == professional else plain,
    )


def vector_texts(texts: DocumentTexts) -> tuple[str, str]:
    """The texts a document's ``tsvector`` is made of, with spellings folded: (weighted A, weighted C)."""
    names = f"{texts.title} {texts.also_called.replace(';', ' ')}"
    return fold_text(names), fold_text(f"{texts.search_text} {texts.plain_text}")


def _write_vectors(rows: list[tuple[int, DocumentTexts]]) -> None:
    """Set each document's ``vector`` from its texts (PostgreSQL; batches of ``VECTOR_BATCH`` per UPDATE).

    The spellings are folded in Python (``articles.search.spelling``), so the vector is computed from the
    folded texts passed as parameters rather than from the stored columns."""
    if connection.vendor != "postgresql" or not rows:
        return
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    for start in range(0, len(rows), VECTOR_BATCH):
        batch = rows[start : start + VECTOR_BATCH]
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        params = [value for pk, texts in batch for value in (pk, *vector_texts(texts))]
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {table} AS document
                    SET vector = setweight(to_tsvector('english'::regconfig, folded.names), 'A')
                              || setweight(to_tsvector('english'::regconfig, folded.words), 'C')
                    FROM (VALUES {values}) AS folded (article_id, names, words)
                    WHERE document.article_id = folded.article_id""",  # noqa: S608 - the table is ours; values bound
                params,
            )


def fill_vectors(documents: QuerySet[SearchDocument] | Iterable[SearchDocument]) -> None:
    """Compute ``vector`` from the stored texts (a no-op off PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    if isinstance(documents, QuerySet):
        documents = documents.only("article_id", *DocumentTexts._fields).iterator(chunk_size=VECTOR_BATCH)
    _write_vectors(
        [(doc.article_id, DocumentTexts(*(getattr(doc, name) for name in DocumentTexts._fields))) for doc in documents]
    )


def build_document(article: Article, revision) -> SearchDocument:
    texts = document_texts(revision, revision.sections.all())
    return SearchDocument(article=article, revision=revision, **texts._asdict())


def index_article(article: Article, revision) -> None:
    """Make ``revision`` (just approved, and now ``article.published_revision``) what search finds.

    Call inside the approval transaction so readers never see a published article missing from search,
    or search text of a revision that is not public.
    """
    texts = document_texts(revision, revision.sections.all())
    SearchDocument.objects.update_or_create(article=article, defaults={"revision": revision, **texts._asdict()})
    _write_vectors([(article.pk, texts)])


def unindex_article(article: Article) -> None:
    """The article is no longer public: search must not find it (call inside the withdrawal transaction)."""
    SearchDocument.objects.filter(article=article).delete()


def reindex_published() -> int:
    """Write every published article's document again from its published revision (after a change to what a
    document holds or to the spelling rules: ``manage.py reindex_search``). Returns how many were written."""
    count = 0
    articles = Article.objects.filter(published_revision__isnull=False).select_related("published_revision")
    for article in articles.iterator(chunk_size=VECTOR_BATCH):
        index_article(article, article.published_revision)
        count += 1
    return count


def published_documents() -> QuerySet[SearchDocument]:
    """Documents of the revision each article currently publishes, and only those."""
    return SearchDocument.objects.filter(
        article__published_revision__isnull=False, article__published_revision_id=F("revision_id")
    ).select_related("article", "article__published_revision")
