"""A bibliography written back out as RIS or BibTeX (for reference managers), from snapshot dicts."""

from __future__ import annotations

from collections.abc import Iterable

import bibtexparser
import rispy
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from references.authors import split_authors
from references.models import ReferenceType

RIS_TYPES = {ReferenceType.BOOK: "BOOK", ReferenceType.WEBSITE: "ELEC", ReferenceType.GUIDELINE: "JOUR"}
BIBTEX_TYPES = {ReferenceType.BOOK: "book", ReferenceType.WEBSITE: "online"}


def _get(ref, name: str):
    value = ref.get(name) if isinstance(ref, dict) else getattr(ref, name, None)
    return "" if value is None else str(value)


def _personal(name: str) -> tuple[str, str] | None:
    """``"Nigwekar SU"`` -> ``("Nigwekar", "S. U.")``; None for an organisation."""
    family, _, initials = name.rpartition(" ")
    if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
        return family, " ".join(f"{letter}." for letter in initials)
    return None


def _authors(ref) -> tuple[list[str], bool]:
    """The named authors, and whether the source's list went on ("et al")."""
    return split_authors(_get(ref, "authors"))


def _ris_authors(ref) -> list[str]:
    # RIS has no "and others": a last author "et al." keeps the list marked as incomplete, and reference
    # managers print it as written ("Nigwekar SU, Thadhani R, et al.").
    named, more = _authors(ref)
    listed = [", ".join(parts) if (parts := _personal(name)) else name for name in named]
    return [*listed, "et al."] if more else listed


def to_ris(references: Iterable) -> str:
    entries = []
    for ref in references:
        entry = {
            "type_of_reference": RIS_TYPES.get(_get(ref, "type"), "JOUR"),
            "id": _get(ref, "key"),
            "title": _get(ref, "title"),
            "authors": _ris_authors(ref),
            "journal_name": _get(ref, "container"),
            "year": _get(ref, "year"),
            "volume": _get(ref, "volume"),
            "number": _get(ref, "issue"),
            "doi": _get(ref, "doi"),
            "accession_number": _get(ref, "pmid"),
            "urls": [_get(ref, "url")] if _get(ref, "url") else [],
            "keywords": [str(ReferenceType(_get(ref, "type")).label)] if _get(ref, "type") in ReferenceType else [],
        }
        first, _, last = _get(ref, "pages").partition("-")
        entry["start_page"], entry["end_page"] = first, last
        entries.append({name: value for name, value in entry.items() if value})
    return rispy.dumps(entries)


def _bibtex_value(text: str) -> str:
    # The writer encloses each value in braces; stray braces in the data would unbalance them.
    return text.replace("{", "").replace("}", "")


def to_bibtex(references: Iterable) -> str:
    library = Library()
    for ref in references:
        named, more = _authors(ref)
        names = []
        for name in named:
            parts = _personal(name)
            names.append(f"{parts[0]}, {parts[1]}" if parts else "{" + _bibtex_value(name) + "}")
        if more:
            names.append("others")  # BibTeX's own "and others", which styles print as "et al."
        kind = _get(ref, "type")
        fields = {
            "title": _bibtex_value(_get(ref, "title")),
            "journal" if kind not in BIBTEX_TYPES else "publisher": _get(ref, "container"),
            "year": _get(ref, "year"),
            "volume": _get(ref, "volume"),
            "number": _get(ref, "issue"),
            "pages": _get(ref, "pages").replace("-", "--"),
            "doi": _get(ref, "doi"),
            "pmid": _get(ref, "pmid"),
            "url": _get(ref, "url"),
            "keywords": str(ReferenceType(kind).label) if kind in ReferenceType else "",
        }
        entry_fields = [Field("author", " and ".join(names))] if names else []
        entry_fields += [Field(name, _bibtex_value(value)) for name, value in fields.items() if value]
        library.add(Entry(BIBTEX_TYPES.get(kind, "article"), _get(ref, "key"), entry_fields))
    return bibtexparser.write_string(library)
