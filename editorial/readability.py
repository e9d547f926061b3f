"""Reading grade of the plain-language text, for the review page.

Health-literacy guidance asks for about grade 6 to 8. textstat 0.7.3 is pinned because later versions
download NLTK's cmudict at run time and fail offline; 0.7.3 counts syllables with pyphen (bundled).
Markdown and citation markers are stripped first so that ``[@key]`` and ``**`` do not count as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat
from django.conf import settings
from django.utils.html import strip_tags

from articles.rendering import render_markdown
from references.citations import CITATION_GROUP_RE

DEFAULT_TARGET_GRADE = 8


@dataclass
class Readability:
    heading: str
    grade: float | None  # None: no plain-language text
    words: int
    target: float

    @property
    def above_target(self) -> bool:
        return self.grade is not None and self.grade > self.target


def target_grade() -> float:
    return float(getattr(settings, "VETTED_READABILITY_TARGET_GRADE", DEFAULT_TARGET_GRADE))


def plain_text(markdown_text: str) -> str:
    without_citations = CITATION_GROUP_RE.sub("", markdown_text or "")
    text = strip_tags(render_markdown(without_citations))
    return re.sub(r"\s+", " ", text).strip()


def grade(markdown_text: str) -> float | None:
    """Flesch-Kincaid grade of the text, or None when there is nothing to grade."""
    text = plain_text(markdown_text)
    if not text:
        return None
    # Very short, simple text scores below zero; grade 0 says the same thing without confusing anyone.
    return max(round(float(textstat.flesch_kincaid_grade(text)), 1), 0.0)


def revision_readability(revision) -> list[Readability]:
    """One entry per section with plain-language text, in order."""
    target = target_grade()
    results = []
    for section in revision.sections.all():
        if not section.plain_body.strip():
            continue
        text = plain_text(section.plain_body)
        results.append(
            Readability(
                heading=section.plain_heading or section.heading,
                grade=grade(section.plain_body),
                words=len(text.split()),
                target=target,
            )
        )
    return results
