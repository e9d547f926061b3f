"""Bibliography importers: bytes of an export file -> plain record dicts, or a clear refusal.

``read_records(data, filename)`` checks size, encoding and format before any parser sees the data;
``references.services`` turns the records into a preview and applies it in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from references.importers import bibtex, csl_json, medline, pubmed_xml, ris
from references.importers.base import (
    EMPTY_MESSAGE,
    TOO_LARGE_MESSAGE,
    UNKNOWN_FORMAT_MESSAGE,
    ImportFileError,
    decode,
)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extensions: tuple[str, ...]
    module: object


FORMATS = {
    "ris": Format("ris", "RIS", (".ris", ".txt"), ris),
    "bibtex": Format("bibtex", "BibTeX", (".bib", ".bibtex"), bibtex),
    "medline": Format("medline", "PubMed MEDLINE (.nbib)", (".nbib", ".medline"), medline),
    "pubmed_xml": Format("pubmed_xml", "PubMed XML", (".xml",), pubmed_xml),
    "csl_json": Format("csl_json", "CSL-JSON", (".json",), csl_json),
}
FORMAT_CHOICES = [("", "Detect from the file")] + [(f.name, f.label) for f in FORMATS.values()]


def max_bytes() -> int:
    return getattr(settings, "VETTED_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size: int, limit: int | None = None) -> None:
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise ImportFileError(TOO_LARGE_MESSAGE.format(size=size, limit=limit))


def detect_format(text: str, filename: str = "") -> str:
    """The content decides; the file extension only breaks ties (a .txt may be RIS or MEDLINE)."""
    for name in ("ris", "medline", "pubmed_xml", "bibtex", "csl_json"):
        if FORMATS[name].module.looks_like(text):
            return name
    lowered = filename.lower()
    for fmt in FORMATS.values():
        if lowered.endswith(fmt.extensions):
            return fmt.name
    raise ImportFileError(UNKNOWN_FORMAT_MESSAGE)


def decode_file(data: bytes, filename: str = "", fmt: str = "", limit: int | None = None) -> tuple[str, str]:
    """Check and decode an uploaded file: returns (format name, text) or raises ImportFileError."""
    check_size(len(data), limit)
    text = decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    if fmt and fmt not in FORMATS:
        raise ImportFileError(UNKNOWN_FORMAT_MESSAGE)
    return fmt or detect_format(text, filename), text


def parse_text(text: str, fmt: str) -> Iterator[dict]:
    """Records of a decoded file; raises ImportFileError (possibly midway) and when none are found."""
    count = 0
    for record in FORMATS[fmt].module.parse(text):
        count += 1
        yield record
    if count == 0:
        raise ImportFileError(EMPTY_MESSAGE.format(format=FORMATS[fmt].label))


__all__ = ["FORMATS", "FORMAT_CHOICES", "ImportFileError", "check_size", "decode_file", "parse_text"]
