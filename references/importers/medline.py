"""PubMed MEDLINE text (.nbib, PubMed "Send to: Citation manager"): tagged lines, parsed here.

The format is four-character tags, "- ", the value; continuation lines start with six spaces; records
are separated by blank lines and start with "PMID-". No maintained parser exists on PyPI, and the format
is simple enough that twenty lines read it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from references.importers.base import (
    clean_doi,
    clean_text,
    evidence_type,
    expand_pages,
    join_authors,
    retraction_status,
    study_design,
    year_from,
)
from references.models import ReferenceType

TAG_RE = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})\s*- ?(.*)$")


def looks_like(text: str) -> bool:
    return bool(re.search(r"^PMID- ?\d+", text.lstrip()[:200], re.MULTILINE))


def _records(text: str) -> Iterator[list[tuple[str, str]]]:
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = TAG_RE.match(line)
        if match and not line.startswith("      "):
            tag, value = match.group(1).strip(), match.group(2).strip()
            if tag == "PMID" and fields:
                yield fields
                fields = []
            fields.append((tag, value))
        elif fields:  # continuation of the previous field
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
    if fields:
        yield fields


def parse(text: str) -> Iterator[dict]:
    for number, fields in enumerate(_records(text), start=1):
        yield record(fields, number)


def record(fields: list[tuple[str, str]], number: int) -> dict:
    values: dict[str, list[str]] = {}
    for tag, value in fields:
        values.setdefault(tag, []).append(value)

    def first(tag: str) -> str:
        return clean_text(values.get(tag, [""])[0])

    doi = ""
    for candidate in values.get("AID", []) + values.get("LID", []):
        if candidate.endswith("[doi]"):
            doi = clean_doi(candidate.removesuffix("[doi]"))
            break
    publication_types = values.get("PT", [])
    kind = evidence_type(publication_types)
    if any(label.lower() == "book" for label in publication_types) or ("BTI" in values and "TI" not in values):
        kind = ReferenceType.BOOK
    authors = values.get("AU", []) + values.get("CN", [])
    pmid = first("PMID")
    return {
        "source": f"record {number}" + (f" (PMID {pmid})" if pmid else ""),
        "type": kind,
        "title": first("TI") or first("BTI"),
        "authors": join_authors(clean_text(name) for name in authors),
        "container": first("TA") or first("JT") or first("PB"),  # TA: the NLM abbreviation AMA uses
        "year": year_from(first("DP")),
        "volume": first("VI"),
        "issue": first("IP"),
        "pages": expand_pages(first("PG")),
        "doi": doi,
        "pmid": pmid,
        "url": "",
        # MeSH headings name designs PubMed has no publication type for ("Cohort Studies").
        "study_design": study_design(publication_types + values.get("MH", [])),
        # RIN ("Retraction in") and EIN ("Erratum in") point at the notice; PT names the status.
        "retraction_status": retraction_status(
            publication_types
            + ["Retracted Publication"] * bool(values.get("RIN"))
            + ["Erratum"] * bool(values.get("EIN"))
        ),
    }
