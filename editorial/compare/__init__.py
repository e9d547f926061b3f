"""Compare two revisions of one article: what a board member needs to see before deciding.

Pure functions over two revisions (the older one may be ``None``: everything is new). The result is
a tree of dataclasses that the review page renders.

- ``words``: word-level diffs of two texts, escaped (``diff_words``) or in the rendered text
  (``diff_rendered``).
- ``sections``: which old section each new one is (``match_sections``), and which of them moved.
- ``revisions``: ``compare_revisions`` and the ``Comparison`` tree it returns.
"""

from editorial.compare.revisions import (
    Comparison,
    FieldDiff,
    RegisterDiff,
    SectionDiff,
    compare_revisions,
    compare_sections,
    field_diff,
)
from editorial.compare.sections import match_sections
from editorial.compare.words import diff_rendered, diff_words

__all__ = [
    "Comparison",
    "FieldDiff",
    "RegisterDiff",
    "SectionDiff",
    "compare_revisions",
    "compare_sections",
    "diff_rendered",
    "diff_words",
    "field_diff",
    "match_sections",
]
