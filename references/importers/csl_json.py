"""CSL-JSON (Zotero "Better CSL JSON", Mendeley, citation.js): the citation processors' own format."""

from __future__ import annotations

import json
from collections.abc import Iterator

from references.importers.base import (
    ImportFileError,
    clean_doi,
    clean_text,
    evidence_type,
    expand_pages,
    join_authors,
    person,
    retraction_status,
    study_design,
    year_from,
)
from references.models import ReferenceType

BOOK_TYPES = {"book", "chapter", "report", "thesis"}
WEB_TYPES = {"webpage", "post-weblog", "post"}


def looks_like(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def parse(text: str) -> Iterator[dict]:
    try:
        items = json.loads(text)
    except RecursionError:
        raise ImportFileError("This JSON file is nested too deeply to be a CSL-JSON export.") from None
    except ValueError as error:
        raise ImportFileError(f"This JSON file is malformed: {error}.") from None
    if isinstance(items, dict):
        items = items.get("items", [items])
    if not isinstance(items, list):
        raise ImportFileError("A CSL-JSON file is a list of items; this file is not.")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield {"source": f"item {number}", "invalid": "is not a CSL-JSON item (an object)", "title": ""}
            continue
        yield record(item, number)


def _author(author) -> str:
    if not isinstance(author, dict):
        return clean_text(author)
    if author.get("literal"):
        return clean_text(author["literal"])
    # Each part through clean_text: a malformed file may give a number or a boolean where a name belongs.
    parts = (clean_text(author.get("non-dropping-particle")), clean_text(author.get("family")))
    return person(" ".join(part for part in parts if part), clean_text(author.get("given")))


def _year(item: dict) -> int | None:
    for name in ("issued", "published-print", "published-online"):
        issued = item.get(name)
        if isinstance(issued, dict):
            parts = issued.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                return year_from(parts[0][0])
            if issued.get("raw") or issued.get("literal"):
                return year_from(issued.get("raw") or issued.get("literal"))
    return None


def record(item: dict, number: int) -> dict:
    csl_type = str(item.get("type", "article-journal"))
    labels = [clean_text(item.get("genre")), clean_text(item.get("note")), clean_text(item.get("keyword"))]
    if csl_type in BOOK_TYPES:
        kind = evidence_type(labels, default=ReferenceType.BOOK)
    elif csl_type in WEB_TYPES:
        kind = ReferenceType.WEBSITE
    else:
        kind = evidence_type(labels)
    authors = item.get("author") if isinstance(item.get("author"), list) else []
    container = clean_text(  # AMA prints the abbreviated journal name when the export has one
        item.get("container-title-short") or item.get("journalAbbreviation") or item.get("container-title")
    )
    if kind == ReferenceType.BOOK or not container:
        container = clean_text(item.get("publisher")) or container
    pmid = clean_text(item.get("PMID"))
    key = clean_text(item.get("citation-key") or item.get("id"))
    return {
        "source": f"item {number}" + (f" ({key})" if key else ""),
        "key": key,
        "type": kind,
        "study_design": study_design(labels),
        "retraction_status": retraction_status(labels),
        "title": clean_text(item.get("title")),
        "authors": join_authors(_author(author) for author in authors),
        "container": container,
        "year": _year(item),
        "volume": clean_text(item.get("volume")),
        "issue": clean_text(item.get("issue")),
        "pages": expand_pages(clean_text(item.get("page"))),
        "doi": clean_doi(item.get("DOI")),
        "pmid": pmid,
        "url": clean_text(item.get("URL")),
    }
