"""What every importer shares: the decoded record shape, refusals with clear words, name and page rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from references import authors
from references.models import ReferenceType, RetractionStatus, StudyDesign

# A parsed record is a plain dict with some of these keys (all strings except year) plus "source",
# a short human description of where it came from ("record 3", "entry nigwekar2015").
RECORD_FIELDS = ("key", "type", "title", "authors", "container", "year", "volume", "issue", "pages", "doi")
RECORD_FIELDS += ("pmid", "url", "study_design", "retraction_status")


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message says why, in words an editor understands."""


TOO_LARGE_MESSAGE = "The file is {size} bytes; the limit is {limit} bytes. Split it into smaller exports."
BINARY_MESSAGE = "This is not a text file (it contains binary data), so it cannot be a bibliography export."
ENCODING_MESSAGE = (
    "The file is not valid UTF-8 text (undecodable byte at position {position}). "
    "Export it again choosing the UTF-8 encoding."
)
EMPTY_MESSAGE = "No references were found in the file. Is it a {format} export?"
TOO_MANY_MESSAGE = "The file holds more than {limit} references; split it into smaller exports."
UNKNOWN_FORMAT_MESSAGE = (
    "The format of this file was not recognised. Upload RIS (.ris), BibTeX (.bib), PubMed MEDLINE (.nbib), "
    "PubMed XML (.xml) or CSL-JSON (.json)."
)


def decode(data: bytes) -> str:
    """Bytes -> text: UTF-8 (BOM allowed) or UTF-16 with a BOM; anything else is refused, not guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(ENCODING_MESSAGE.format(position=error.start)) from None
    else:
        if b"\x00" in data[:8192]:
            raise ImportFileError(BINARY_MESSAGE)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(ENCODING_MESSAGE.format(position=error.start)) from None
    sample = text[:8192]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\r\n\t\f")
    if "\x00" in sample or (sample and controls / len(sample) > 0.01):
        raise ImportFileError(BINARY_MESSAGE)
    return text


def initials(given: str) -> str:
    """``"Sagar U."`` -> ``"SU"``; ``"Jean-Pierre"`` -> ``"JP"``; keeps non-Latin letters."""
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())


def person(family: str, given: str = "") -> str:
    """An author as AMA writes them: ``"Nigwekar SU"``."""
    family, given = (family or "").strip(), (given or "").strip()
    return f"{family} {initials(given)}".strip() if family else given


def name_from_inverted(name: str) -> str:
    """``"Nigwekar, Sagar U."`` -> ``"Nigwekar SU"``; a name without a comma is kept as written
    (organisations such as "KDIGO Work Group", or names already in "Family Initials" form)."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return person(family, given)
    return name


def join_authors(names: Iterable[str]) -> str:
    """One author a line; "others", "et al." and the like become the one "et al" marker, last."""
    return authors.join_authors(names)


def year_from(value) -> int | None:
    """The first plausible four-digit year in ``"2015/07/01/"``, ``"2015 Jul"``, ``2015``; else None."""
    if value is None:
        return None
    match = re.search(r"(?<!\d)(\d{4})(?!\d)", str(value))
    return int(match.group(1)) if match else None


def expand_pages(pages: str) -> str:
    """MEDLINE abbreviates ranges (``"133-46"``); AMA prints them in full (``"133-146"``)."""
    pages = (pages or "").strip().replace("\u2013", "-").replace("--", "-")
    match = re.fullmatch(r"([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)", pages)
    if not match:
        return pages
    prefix, first, _, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{prefix}{last}"


def join_pages(start: str, end: str) -> str:
    start, end = (start or "").strip(), (end or "").strip()
    return expand_pages(f"{start}-{end}") if start and end and start != end else start


# Publication types (PubMed PT, RIS keywords/M3, BibTeX keywords, CSL genre) that name the kind of
# evidence. Matched whole, not as substrings: the MeSH keyword "Guideline Adherence" is not a guideline.
EVIDENCE_TYPES = {
    "guideline": ReferenceType.GUIDELINE,
    "practice guideline": ReferenceType.GUIDELINE,
    "consensus development conference": ReferenceType.GUIDELINE,
    "consensus statement": ReferenceType.GUIDELINE,
    "systematic review": ReferenceType.SYSTEMATIC_REVIEW,
    "meta-analysis": ReferenceType.SYSTEMATIC_REVIEW,
    "case report": ReferenceType.CASE_REPORT,
    "case reports": ReferenceType.CASE_REPORT,
    "review": ReferenceType.REVIEW,
    "narrative review": ReferenceType.REVIEW,
}
EVIDENCE_PRIORITY = [ReferenceType.GUIDELINE, ReferenceType.SYSTEMATIC_REVIEW, ReferenceType.CASE_REPORT]
EVIDENCE_PRIORITY.append(ReferenceType.REVIEW)


def evidence_type(labels: Iterable[str], default: str = ReferenceType.RESEARCH) -> str:
    """The most specific kind named by any label ("Review" + "Systematic Review" -> systematic review)."""
    found = set()
    for label in labels:
        for part in re.split(r"[,;\n]", str(label or "")):
            kind = EVIDENCE_TYPES.get(" ".join(part.split()).lower())
            if kind:
                found.add(kind)
    return next((kind for kind in EVIDENCE_PRIORITY if kind in found), default)


# Publication types (and MeSH headings for designs PubMed has no type for: "Cohort Studies") -> study design.
# A narrative review, editorial or letter is its authors' reading of the evidence: evidence-level schemes
# (Oxford CEBM, SORT) rank it with expert opinion.
STUDY_DESIGNS = {
    **{label: StudyDesign.GUIDELINE for label in ("guideline", "practice guideline", "consensus statement")},
    "consensus development conference": StudyDesign.GUIDELINE,
    **{label: StudyDesign.SYSTEMATIC_REVIEW for label in ("systematic review", "meta-analysis")},
    **{label: StudyDesign.RANDOMISED_TRIAL for label in ("randomized controlled trial", "randomised controlled trial")},
    "randomized trial": StudyDesign.RANDOMISED_TRIAL,
    **{label: StudyDesign.COHORT for label in ("cohort studies", "cohort study", "prospective studies")},
    "retrospective studies": StudyDesign.COHORT,
    **{label: StudyDesign.CASE_CONTROL for label in ("case-control studies", "case-control study")},
    **{label: StudyDesign.CASE_SERIES for label in ("case report", "case reports", "case series")},
    **{label: StudyDesign.EXPERT_OPINION for label in ("review", "narrative review", "editorial", "comment")},
    "letter": StudyDesign.EXPERT_OPINION,
    "expert opinion": StudyDesign.EXPERT_OPINION,
}
DESIGN_PRIORITY = list(StudyDesign)  # strongest first
# PubMed marks the retracted article itself "Retracted Publication" (the notice is "Retraction of
# Publication") and a corrected one with an erratum ("Erratum", "Published Erratum", "Corrected and
# Republished Article").
RETRACTION_TYPES = {
    "retracted publication": RetractionStatus.RETRACTED,
    "expression of concern": RetractionStatus.CONCERN,
    "erratum": RetractionStatus.CORRECTED,
    "published erratum": RetractionStatus.CORRECTED,
    "corrected and republished article": RetractionStatus.CORRECTED,
}


def _labels(labels: Iterable[str]) -> Iterator[str]:
    for label in labels:
        for part in re.split(r"[,;\n]", str(label or "")):
            # MEDLINE stars major MeSH headings ("*Retrospective Studies") and adds subheadings after "/".
            yield " ".join(part.split("/")[0].replace("*", "").split()).lower()


def study_design(labels: Iterable[str]) -> str:
    """The strongest design any label names ("Review" + "Meta-Analysis" -> systematic review); "" if none."""
    found = {STUDY_DESIGNS[label] for label in _labels(labels) if label in STUDY_DESIGNS}
    return next((design for design in DESIGN_PRIORITY if design in found), "")


def retraction_status(labels: Iterable[str]) -> str:
    """Retracted beats an expression of concern beats a correction; "" when no label says any."""
    found = {RETRACTION_TYPES[label] for label in _labels(labels) if label in RETRACTION_TYPES}
    order = [RetractionStatus.RETRACTED, RetractionStatus.CONCERN, RetractionStatus.CORRECTED]
    return next((status for status in order if status in found), "")


def clean_text(value) -> str:
    """One line, single spaces (titles exported with hard line breaks, LaTeX braces removed)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def clean_doi(value) -> str:
    doi = clean_text(value)
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi.split(" ")[0] if doi else ""
