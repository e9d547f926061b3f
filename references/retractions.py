"""Retraction Watch CSV exports -> retraction records, or a clear refusal naming the line.

The Retraction Watch database (Crossref) exports one row per retraction notice; the columns used are
``OriginalPaperDOI`` and ``OriginalPaperPubMedID`` (which paper), ``RetractionNature`` and
``RetractionDate``. The whole file is read and checked before anything is written
(``editorial.services.evidence.retractions_import``): a malformed file imports nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

from references.importers import check_size
from references.importers.base import ImportFileError, decode
from references.models import DOI_RE, RetractionStatus, normalise_doi

DOI_COLUMN, PMID_COLUMN = "OriginalPaperDOI", "OriginalPaperPubMedID"
NATURE_COLUMN, DATE_COLUMN = "RetractionNature", "RetractionDate"
NATURES = {
    "retraction": RetractionStatus.RETRACTED,
    "expression of concern": RetractionStatus.CONCERN,
    "correction": RetractionStatus.CORRECTED,
    "reinstatement": RetractionStatus.NONE,  # the paper stands again
}
DATE_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
MISSING_COLUMNS_MESSAGE = (
    "This is not a Retraction Watch export: the first line lacks the column(s) {columns}. "
    "Export the records again from the Retraction Watch database as CSV."
)
ROW_MESSAGE = "Line {line}: {problem} Nothing was imported; correct the file and import it again."


class RetractionFileError(ImportFileError):
    """The file cannot be imported; the message says which line and why."""


@dataclass(frozen=True)
class Retraction:
    line: int
    doi: str
    pmid: str
    status: str  # a RetractionStatus value
    nature: str  # as the file wrote it
    date: datetime.date


def _date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _row(line: int, row: dict) -> Retraction:
    def refuse(problem: str):
        return RetractionFileError(ROW_MESSAGE.format(line=line, problem=problem))

    doi = normalise_doi(row.get(DOI_COLUMN) or "")
    doi = "" if doi.lower() in {"unavailable", "0"} else doi
    pmid = (row.get(PMID_COLUMN) or "").strip()
    pmid = "" if pmid == "0" else pmid  # Retraction Watch writes 0 for "no PubMed record"
    if not doi and not pmid:
        raise refuse("the row names no paper (neither a DOI nor a PubMed ID).")
    if doi and not re.match(DOI_RE, doi):
        raise refuse(f"{doi!r} is not a DOI (they look like 10.1053/j.ajkd.2015.01.034).")
    if pmid and not pmid.isdigit():
        raise refuse(f"{pmid!r} is not a PubMed ID (digits only).")
    nature = " ".join((row.get(NATURE_COLUMN) or "").split())
    if nature.lower() not in NATURES:
        known = "Retraction, Correction, Expression of concern, Reinstatement"
        raise refuse(f"the retraction nature {nature!r} is not one of {known}.")
    date = _date(row.get(DATE_COLUMN) or "")
    if date is None:
        raise refuse(f"the date {row.get(DATE_COLUMN)!r} is not a date (3/15/2021 0:00 or 2021-03-15).")
    return Retraction(line, doi, pmid, NATURES[nature.lower()], nature, date)


def read_retractions(data: bytes, limit: int | None = None) -> list[Retraction]:
    """Every row of the file, checked; raises RetractionFileError at the first problem."""
    check_size(len(data), limit)
    text = decode(data)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        missing = [name for name in (NATURE_COLUMN, DATE_COLUMN) if name not in (reader.fieldnames or [])]
        if missing or not {DOI_COLUMN, PMID_COLUMN} & set(reader.fieldnames or []):
            missing = missing or [f"{DOI_COLUMN} or {PMID_COLUMN}"]
            raise RetractionFileError(MISSING_COLUMNS_MESSAGE.format(columns=", ".join(missing)))
        rows = [_row(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise RetractionFileError(f"The file is not valid CSV ({error}). Nothing was imported.") from None
    if not rows:
        raise RetractionFileError("The file holds no retraction records. Nothing was imported.")
    return rows
