"""RIS (Zotero, EndNote, Mendeley, PubMed "Citation manager" export), parsed by rispy."""

from __future__ import annotations

from collections.abc import Iterator

import rispy

from references.importers.base import (
    ImportFileError,
    clean_doi,
    clean_text,
    evidence_type,
    join_authors,
    join_pages,
    name_from_inverted,
    retraction_status,
    study_design,
    year_from,
)
from references.models import ReferenceType

BOOK_TYPES = {"BOOK", "CHAP", "EBOOK", "ECHAP", "EDBOOK", "RPRT"}
WEB_TYPES = {"ELEC", "WEB", "BLOG"}
GUIDELINE_TYPES = {"STAND", "GOVDOC"}


def looks_like(text: str) -> bool:
    return any(line.startswith("TY  -") for line in text.lstrip().splitlines()[:5])


CHUNK_RECORDS = 200


def _chunks(text: str) -> Iterator[str]:
    """The file cut after every CHUNK_RECORDS "ER" lines, so rispy never holds the whole file parsed."""
    lines: list[str] = []
    ends = 0
    for line in text.splitlines(keepends=True):
        lines.append(line)
        if line.startswith("ER  -"):
            ends += 1
            if ends == CHUNK_RECORDS:
                yield "".join(lines)
                lines, ends = [], 0
    if "".join(lines).strip():
        yield "".join(lines)


def parse(text: str) -> Iterator[dict]:
    number = 0
    for chunk in _chunks(text):
        try:
            entries = rispy.loads(chunk, skip_unknown_tags=True)
        except Exception as error:  # rispy raises bare IOError/ValueError subclasses on malformed input
            raise ImportFileError(f"This RIS file is malformed near record {number + 1}: {error}") from None
        for entry in entries:
            number += 1
            yield record(entry, number)


def record(entry: dict, number: int) -> dict:
    ris_type = (entry.get("type_of_reference") or "JOUR").upper()
    labels = [*entry.get("keywords", []), entry.get("type_of_work", ""), *entry.get("notes", [])]
    if ris_type in BOOK_TYPES:
        kind = evidence_type(labels, default=ReferenceType.BOOK)
    elif ris_type in WEB_TYPES:
        kind = ReferenceType.WEBSITE
    elif ris_type in GUIDELINE_TYPES:
        kind = ReferenceType.GUIDELINE
    else:
        kind = evidence_type(labels)
    authors = entry.get("authors") or entry.get("first_authors") or []
    # AMA prints journal names as NLM abbreviations: prefer J2/JA (abbreviated) over JO/JF/T2 (full).
    container = (
        entry.get("alternate_title1")
        or entry.get("alternate_title2")
        or entry.get("journal_name")
        or entry.get("alternate_title3")
        or entry.get("secondary_title")
        or entry.get("publisher")
        or ""
    )
    if kind == ReferenceType.BOOK:
        container = entry.get("publisher") or container
    pmid = ""
    for candidate in (entry.get("accession_number"), entry.get("call_number")):
        if candidate and clean_text(candidate).isdigit():
            pmid = clean_text(candidate)
            break
    urls = entry.get("urls") or []
    return {
        "source": f"record {number}",
        "key": clean_text(entry.get("id")),
        "type": kind,
        "study_design": study_design(labels),
        "retraction_status": retraction_status(labels),
        "title": clean_text(entry.get("title") or entry.get("primary_title")),
        "authors": join_authors(name_from_inverted(name) for name in authors),
        "container": clean_text(container),
        "year": year_from(entry.get("year") or entry.get("publication_year") or entry.get("date")),
        "volume": clean_text(entry.get("volume")),
        "issue": clean_text(entry.get("number")),
        "pages": join_pages(clean_text(entry.get("start_page")), clean_text(entry.get("end_page"))),
        "doi": clean_doi(entry.get("doi")),
        "pmid": pmid,
        "url": clean_text(urls[0]) if urls else "",
    }
