"""The one list of a revision's text fields: what a board member reviews, cites from and searches.

Written as attribute names so that every app can use them without importing ``editorial``.
"""

from __future__ import annotations

import re

# The revision's own texts, both registers, in reading order: the question, the headline under it, the
# other names readers know the subject by (one list for both registers), and the lead summary.
REVISION_TEXT_FIELDS = (
    "title",
    "plain_title",
    "headline",
    "plain_headline",
    "also_called",
    "summary",
    "plain_summary",
)
# Each section's Markdown texts, both registers.
SECTION_TEXT_FIELDS = ("heading", "body", "plain_heading", "plain_body")

# "Also called" terms are separated by semicolons, or by commas followed by a space: a chemical name such
# as "1,25-dihydroxyvitamin D" keeps its comma.
TERM_SEPARATOR_RE = re.compile(r";|,(?=\s)")


def revision_texts(revision) -> list[str]:
    """Every text of a revision, both registers, in reading order (sections by position)."""
    texts = [getattr(revision, field) for field in REVISION_TEXT_FIELDS]
    for section in revision.sections.all():
        texts += [getattr(section, field) for field in SECTION_TEXT_FIELDS]
    return texts


def split_terms(text: str) -> list[str]:
    """The "also called" terms of ``text``: stripped, empty ones dropped, each once, in the order written."""
    terms = (" ".join(term.split()) for term in TERM_SEPARATOR_RE.split(text or ""))
    return list(dict.fromkeys(term for term in terms if term))
