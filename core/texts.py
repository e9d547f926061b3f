"""The one list of a revision's text fields: what a board member reviews, cites from and searches.

Written as attribute names so that every app can use them without importing ``editorial``.
"""

from __future__ import annotations

# The revision's own Markdown texts, both registers, in reading order.
REVISION_TEXT_FIELDS = ("title", "plain_title", "summary", "plain_summary")
# Each section's Markdown texts, both registers.
SECTION_TEXT_FIELDS = ("heading", "body", "plain_heading", "plain_body")


def revision_texts(revision) -> list[str]:
    """Every Markdown text of a revision, both registers, in reading order (sections by position)."""
    texts = [getattr(revision, field) for field in REVISION_TEXT_FIELDS]
    for section in revision.sections.all():
        texts += [getattr(section, field) for field in SECTION_TEXT_FIELDS]
    return texts
