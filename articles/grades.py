"""Graded recommendations in Markdown: ``{grade 1B}`` after a statement marks it as a recommendation.

The grade renders as a small badge linked to the grades' explanation on the editorial policy page
(``templates/articles/_grade_explanation.html``), worded for the page's register: "GRADE 1B" for
clinicians, "Strong advice, moderate evidence" for patients. The scheme (GRADE 1A-2C or SORT A-C) is a
site setting, ``VETTED_GRADE_SCHEME``; a grade the scheme does not know renders as a visible "invalid
grade" (the staff preview) and is refused at submit (``editorial.quality``).

Two more markers share the braces, so writers learn one habit:
- ``[@key]{retracted}``: this citation names a retracted source knowingly (the text discusses the
  retraction); readers see "retracted" after it, and submit lets it through.
- ``{no citation needed}`` in a section: the section needs no source ("When to seek help"); not shown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from references.citations import CITATION_GROUP_RE


@dataclass(frozen=True)
class Grade:
    code: str
    professional: str  # what the badge's title says to clinicians
    plain: str  # the badge's words for patients


GRADE_1 = "Strong recommendation"
GRADE_2 = "Weak recommendation (a suggestion)"
SCHEMES: dict[str, dict[str, Grade]] = {
    # GRADE as UpToDate uses it: 1 strong / 2 weak; A high, B moderate, C low or very low certainty.
    "GRADE": {
        "1A": Grade("1A", f"{GRADE_1}; high-quality evidence", "Strong advice, strong evidence"),
        "1B": Grade("1B", f"{GRADE_1}; moderate-quality evidence", "Strong advice, moderate evidence"),
        "1C": Grade("1C", f"{GRADE_1}; low-quality evidence", "Strong advice, limited evidence"),
        "2A": Grade("2A", f"{GRADE_2}; high-quality evidence", "A suggestion, strong evidence"),
        "2B": Grade("2B", f"{GRADE_2}; moderate-quality evidence", "A suggestion, moderate evidence"),
        "2C": Grade("2C", f"{GRADE_2}; low-quality evidence", "A suggestion, limited evidence"),
    },
    # SORT (Strength of Recommendation Taxonomy, American Family Physician).
    "SORT": {
        "A": Grade("A", "Consistent, good-quality patient-oriented evidence", "Strong evidence"),
        "B": Grade("B", "Inconsistent or limited-quality patient-oriented evidence", "Some evidence"),
        "C": Grade("C", "Consensus, usual practice, opinion or case series", "Based on expert opinion"),
    },
}

GRADE_RE = re.compile(r"(?i)\{grade\s+([^{}\s]{1,10})\s*\}")
KNOWINGLY_RE = re.compile(CITATION_GROUP_RE.pattern + r"\{retracted\}")
NO_CITATION_NEEDED_RE = re.compile(r"(?i)\{no citation needed\}")
# The classes the badges use: rendering's sanitiser keeps exactly these (and the citation ones).
GRADE_CLASSES = frozenset({"grade", "grade-invalid", "cited-retracted"})


def scheme_name() -> str:
    name = getattr(settings, "VETTED_GRADE_SCHEME", "GRADE")
    if name not in SCHEMES:
        raise ImproperlyConfigured(f"VETTED_GRADE_SCHEME is {name!r}; set it to one of {', '.join(SCHEMES)}.")
    return name


def scheme() -> dict[str, Grade]:
    return SCHEMES[scheme_name()]


def grades_in(texts) -> list[str]:
    """Every grade code written in ``texts``, as written (upper-cased), in order."""
    return [match.group(1).upper() for text in texts for match in GRADE_RE.finditer(text or "")]


def invalid_grades(texts) -> list[str]:
    """The grades in ``texts`` that the site's scheme does not have, each once."""
    known = scheme()
    return list(dict.fromkeys(code for code in grades_in(texts) if code not in known))


def knowingly_cited_keys(texts) -> set[str]:
    """Keys cited as ``[@key]{retracted}``: the writer knows the source is retracted."""
    return {
        key.strip().lstrip("@")
        for text in texts
        for match in KNOWINGLY_RE.finditer(text or "")
        for key in match.group(1).split(";")
    }


def needs_no_citation(text: str) -> bool:
    return bool(NO_CITATION_NEEDED_RE.search(text or ""))


def policy_url(code: str = "") -> str:
    from django.urls import reverse  # the URLconf imports views, which import rendering, which imports this

    return reverse("articles:editorial_policy") + (f"#grade-{code.lower()}" if code else "#grades")


class GradeProcessor(InlineProcessor):
    def __init__(self, pattern: str, md, register: str) -> None:
        super().__init__(pattern, md)
        self.register = register

    def handleMatch(self, match, data):  # noqa: N802 - Python-Markdown's name
        code = match.group(1).upper()
        grade = scheme().get(code)
        if grade is None:
            element = etree.Element("span", {"class": "grade-invalid"})
            element.text = f"invalid grade: {code} (the {scheme_name()} scheme has {', '.join(scheme())})"
            return element, match.start(0), match.end(0)
        element = etree.Element("a", {"class": "grade", "href": policy_url(code), "title": grade.professional})
        element.text = grade.plain if self.register == "plain" else f"{scheme_name()} {code}"
        return element, match.start(0), match.end(0)


class RetractedCitationProcessor(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802
        element = etree.Element("span", {"class": "cited-retracted"})
        element.text = "retracted"
        return element, match.start(0), match.end(0)


class RemoveProcessor(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802
        return "", match.start(0), match.end(0)


class EvidenceExtension(Extension):
    """The grade badge, the "retracted" label and the invisible "no citation needed" marker."""

    def __init__(self, register: str = "professional", **kwargs) -> None:
        self.register = register
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802
        # Priorities above "backtick" (190) would reach into code spans; below it, code stays code.
        md.inlinePatterns.register(GradeProcessor(GRADE_RE.pattern, md, self.register), "vetted_grade", 175)
        md.inlinePatterns.register(RetractedCitationProcessor(r"\{retracted\}", md), "vetted_retracted", 174)
        md.inlinePatterns.register(RemoveProcessor(NO_CITATION_NEEDED_RE.pattern, md), "vetted_no_citation", 173)
