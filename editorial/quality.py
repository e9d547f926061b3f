"""Pre-submit quality checks: the JAMA benchmarks (attribution, authorship, currency) made concrete.

One function per check, each taking a revision and returning its findings (empty when it passes). The
preview and the review page show them all; ``settings.VETTED_QUALITY_BLOCKING`` names the checks that
refuse a submit (``editorial.services.workflow.revision_submit`` through ``check_submittable``), the
others only warn. Two refusals hold whatever the setting: a grade the site's scheme does not have, and
a retracted source cited without the ``{retracted}`` mark.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from articles import grades
from core.texts import revision_texts
from editorial import readability
from editorial.errors import (
    INVALID_GRADE_MESSAGE,
    QUALITY_BLOCKED_MESSAGE,
    RETRACTED_SOURCE_MESSAGE,
    EvidenceError,
)
from references.citations import CITATION_GROUP_RE, cited_keys, keys_in_group
from references.models import Reference, RetractionStatus


@dataclass(frozen=True)
class Finding:
    check: str  # the check's name, as VETTED_QUALITY_BLOCKING spells it
    where: str  # "Treatment", "Lead summary", "[@key]"
    message: str

    @property
    def blocks(self) -> bool:
        return self.check in blocking_checks()


def blocking_checks() -> set[str]:
    names = set(getattr(settings, "VETTED_QUALITY_BLOCKING", []))
    unknown = names - set(CHECKS)
    if unknown:
        raise ImproperlyConfigured(
            f"VETTED_QUALITY_BLOCKING names {', '.join(sorted(unknown))}; the checks are {', '.join(CHECKS)}."
        )
    return names


# A sentence ends at . ! or ? followed by a space, or at a line break (list items, table rows).
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\[*_(])|\n+")
NUMBER_WITH_UNIT_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|per ?cent\b|(?:mg|mcg|µg|g|kg|ml|mL|L|mmol|µmol|mg/dL|mmol/L|mmHg|IU|units?|"
    r"hours?|days?|weeks?|months?|years?|times)\b)"
)
ABSOLUTE_CLAIM_RE = re.compile(
    r"\b(?:cures?|cured|completely safe|perfectly safe|totally safe|no risks?|risk[- ]free|100% (?:safe|effective)|"
    r"guaranteed?|never fails|always works|no side[- ]effects)\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    text = grades.GRADE_RE.sub("", text or "")  # "{grade 1B}" is not a number with a unit
    return [" ".join(part.split()) for part in SENTENCE_END_RE.split(text) if part.strip()]


def sentences_citing(texts, key: str) -> list[str]:
    """The sentences of ``texts`` that cite ``key``, each once (the retraction queue shows them)."""
    found = [
        sentence
        for text in texts
        for sentence in _sentences(text)
        for match in CITATION_GROUP_RE.finditer(sentence)
        if key in keys_in_group(match.group(1))
    ]
    return list(dict.fromkeys(found))


def _texts_by_place(revision) -> list[tuple[str, str]]:
    """(where, Markdown) for the summary and every section body, both registers."""
    places = [("Lead summary", revision.summary), ("Plain-language summary", revision.plain_summary)]
    for section in revision.sections.all():
        places.append((section.heading, section.body))
        places.append((f"{section.plain_heading or section.heading} (plain language)", section.plain_body))
    return [(where, text) for where, text in places if (text or "").strip()]


def section_citations(revision) -> list[Finding]:
    """Every section cites at least one source, or says it needs none (``{no citation needed}``)."""
    return [
        Finding("section_citations", section.heading, "This section cites no source. Cite one, or mark it "
                "{no citation needed} if it gives no medical claims (such as when to seek help).")
        for section in revision.sections.all()
        if not CITATION_GROUP_RE.search(section.body + section.plain_body)
        and not grades.needs_no_citation(section.body + section.plain_body)
    ]  # fmt: skip


def numbers_cited(revision) -> list[Finding]:
    """A number with a unit or a percentage has a citation in its own sentence."""
    return [
        Finding("numbers_cited", where, f"A figure without a source in its sentence: “{sentence}”")
        for where, text in _texts_by_place(revision)
        for sentence in _sentences(text)
        if NUMBER_WITH_UNIT_RE.search(CITATION_GROUP_RE.sub("", sentence)) and not CITATION_GROUP_RE.search(sentence)
    ]


def _credentials(user) -> str:
    profile = getattr(user, "board_profile", None) if user is not None else None
    return (profile.credentials or "").strip() if profile is not None else ""


def credentials(revision) -> list[Finding]:
    """The author's credentials, and the assigned reviewer's, are on record (their board profile)."""
    findings = []
    author = type(revision.author).objects.select_related("board_profile").get(pk=revision.author_id)
    if not _credentials(author):
        name = author.get_full_name() or author.username
        findings.append(Finding("credentials", "Author", f"{name} has no credentials on record (a board profile)."))
    assignment = revision.assignments.select_related("reviewer__board_profile").order_by("-assigned_at").first()
    if assignment is not None and not _credentials(assignment.reviewer):
        name = assignment.reviewer.get_full_name() or assignment.reviewer.username
        findings.append(Finding("credentials", "Reviewer", f"{name} has no credentials on their board profile."))
    return findings


def cited_references(revision) -> list[Reference]:
    """The library's references the revision cites, in order of first citation (kept on the instance: the
    checks and the revision page ask more than once per request)."""
    if getattr(revision, "_cited_references", None) is None:
        keys = cited_keys(revision_texts(revision))
        found = Reference.objects.filter(key__in=keys)
        revision._cited_references = sorted(found, key=lambda ref: keys.index(ref.key))
    return revision._cited_references


def reference_age(revision) -> list[Finding]:
    """Sources older than ``VETTED_REFERENCE_MAX_AGE_YEARS``: is there newer evidence?"""
    limit = getattr(settings, "VETTED_REFERENCE_MAX_AGE_YEARS", 10)
    oldest = datetime.date.today().year - limit
    message = "Published {year}, more than {limit} years ago: is there newer evidence?"
    return [
        Finding("reference_age", f"[@{ref.key}]", message.format(year=ref.year, limit=limit))
        for ref in cited_references(revision)
        if ref.year and ref.year < oldest
    ]


def reading_level(revision) -> list[Finding]:
    """The plain-language text reads at or below the patient audience's target grade."""
    return [
        Finding("readability", item.heading, f"Reads at grade {item.grade:g}; the target is {item.target:g} or below.")
        for item in readability.revision_readability(revision)
        if item.above_target
    ]


def absolute_claims(revision) -> list[Finding]:
    """Words that promise what medicine rarely can ("cure", "completely safe", "no risk")."""
    return [
        Finding("absolute_claims", where, f"An absolute claim (“{match.group(0)}”): “{sentence}”")
        for where, text in _texts_by_place(revision)
        for sentence in _sentences(text)
        for match in [ABSOLUTE_CLAIM_RE.search(sentence)]
        if match
    ]


CHECKS: dict[str, Callable] = {
    "section_citations": section_citations,
    "numbers_cited": numbers_cited,
    "credentials": credentials,
    "reference_age": reference_age,
    "readability": reading_level,
    "absolute_claims": absolute_claims,
}


def revision_findings(revision) -> list[Finding]:
    """Every check's findings, in the order of ``CHECKS`` (the preview and the review page)."""
    return [finding for check in CHECKS.values() for finding in check(revision)]


def unmarked_retracted_keys(revision) -> list[str]:
    """Cited sources that are retracted, where the citation is not marked ``{retracted}``."""
    texts = revision_texts(revision)
    knowingly = grades.knowingly_cited_keys(texts)
    return [
        ref.key
        for ref in cited_references(revision)
        if ref.retraction_status == RetractionStatus.RETRACTED and ref.key not in knowingly
    ]


def check_submittable(revision) -> None:
    """Refuse a submit: invalid grades, unmarked retracted sources, then the blocking quality checks."""
    invalid = grades.invalid_grades(revision_texts(revision))
    if invalid:
        raise EvidenceError(
            INVALID_GRADE_MESSAGE.format(
                grades=", ".join(invalid), scheme=grades.scheme_name(), valid=", ".join(grades.scheme())
            )
        )
    retracted = unmarked_retracted_keys(revision)
    if retracted:
        raise EvidenceError(RETRACTED_SOURCE_MESSAGE.format(keys=", ".join(f"[@{key}]" for key in retracted)))
    blocking = blocking_checks()
    blocked = [finding for name, check in CHECKS.items() if name in blocking for finding in check(revision)]
    if blocked:
        listed = "; ".join(f"{finding.where}: {finding.message.rstrip('.')}" for finding in blocked)
        raise EvidenceError(QUALITY_BLOCKED_MESSAGE.format(findings=listed))


def preview_quality_findings(revision) -> dict:
    """The staff preview's share (``articles.views.PREVIEW_EXTRAS``)."""
    return {"quality_findings": revision_findings(revision)}
