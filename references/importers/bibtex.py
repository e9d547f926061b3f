"""BibTeX (Zotero, JabRef, Mendeley, Google Scholar), parsed by bibtexparser 2."""

from __future__ import annotations

from collections.abc import Iterator

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from pylatexenc.latex2text import LatexNodes2Text

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

BOOK_TYPES = {"book", "inbook", "incollection", "booklet", "techreport", "manual", "proceedings"}
WEB_TYPES = {"online", "misc", "electronic", "www"}


def looks_like(text: str) -> bool:
    return text.lstrip().startswith(("@", "%")) and "{" in text[:2000]


def parse(text: str) -> Iterator[dict]:
    try:
        library = bibtexparser.parse_string(
            # Names are split before LaTeX is decoded, so "{KDIGO Work Group}" stays one corporate name.
            text,
            append_middleware=[SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware()],
        )
    except Exception as error:
        raise ImportFileError(f"This BibTeX file is malformed: {error}") from None
    for number, block in enumerate(library.failed_blocks, start=1):
        yield {"source": f"block {number}", "invalid": f"cannot be parsed: {block.error}", "title": ""}
    for entry in library.entries:
        yield record(entry)


def _value(entry, name: str) -> str:
    field = entry.fields_dict.get(name)
    return clean_text(field.value) if field is not None else ""


_LATEX = LatexNodes2Text()


def _latex(text: str) -> str:
    return clean_text(_LATEX.latex_to_text(text))


def _author(name) -> str:
    if isinstance(name, str):
        return _latex(name)
    if not name.first and not name.von and len(name.last) == 1 and name.last[0].startswith("{"):
        return _latex(name.last[0])  # a corporate author in braces stays one name
    family = " ".join([*name.von, *name.last])
    return person(_latex(family), _latex(" ".join(name.first)))


def record(entry) -> dict:
    entry_type = entry.entry_type.lower()
    labels = [_value(entry, "keywords"), _value(entry, "note"), _value(entry, "type")]
    if entry_type in BOOK_TYPES:
        kind = evidence_type(labels, default=ReferenceType.BOOK)
    elif entry_type in WEB_TYPES and not _value(entry, "journal"):
        kind = ReferenceType.WEBSITE if _value(entry, "url") else evidence_type(labels)
    else:
        kind = evidence_type(labels)
    authors_field = entry.fields_dict.get("author")
    names = authors_field.value if authors_field is not None else []
    if isinstance(names, str):
        names = [names]
    container = _value(entry, "shortjournal") or _value(entry, "journal") or _value(entry, "journaltitle")
    container = container or _value(entry, "booktitle")
    if kind == ReferenceType.BOOK or not container:
        container = _value(entry, "publisher") or _value(entry, "institution") or _value(entry, "organization")
        container = container or _value(entry, "howpublished") or _value(entry, "booktitle")
    pmid = _value(entry, "pmid")
    return {
        "source": f"entry {entry.key}",
        "key": entry.key.strip(),
        "type": kind,
        "study_design": study_design(labels),
        "retraction_status": retraction_status(labels),
        "title": _value(entry, "title"),
        "authors": join_authors(_author(name) for name in names),
        "container": container,
        "year": year_from(_value(entry, "year") or _value(entry, "date")),
        "volume": _value(entry, "volume"),
        "issue": _value(entry, "number") or _value(entry, "issue"),
        "pages": expand_pages(_value(entry, "pages")),
        "doi": clean_doi(_value(entry, "doi")),
        "pmid": pmid if pmid.isdigit() else pmid,
        "url": _value(entry, "url"),
    }
