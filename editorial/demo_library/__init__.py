"""The demo library: approved articles on kidney and metabolic topics around calciphylaxis, in both registers.

Written for Vetted's demo in our own words (not copied from any publisher), citing the demo reference library
(references/fixtures/demo.ris and demo-library.ris). The question box's evaluation set (eval/questions.json)
quotes these sections' headings: change a heading and update the set with it.

``WARFARIN`` is the content of the existing warfarin story (its steps stay in demo_content.py); ``LIBRARY``
lists new articles in the shape of ``demo_content.OTHER_ARTICLES``, each taken to Approved.
"""

from editorial.demo_library.care import DIABETIC_KIDNEY_DISEASE, TRANSPLANT
from editorial.demo_library.kidney import CKD, HYPERKALAEMIA, WARFARIN
from editorial.demo_library.minerals import ANAEMIA, HYPERPARATHYROIDISM, PHOSPHATE_BINDERS

__all__ = ["LIBRARY", "WARFARIN"]

APPROVED_BY_BOARD = [("submit", "editor", ""), ("start_review", "board", ""), ("approve", "board", "Accurate.")]
APPROVED_BY_BOARD2 = [
    ("submit", "editor2", ""),
    ("start_review", "board2", ""),
    ("approve", "board2", "Checked against the cited guideline."),
]


def _approved(content: dict, steps: list) -> dict:
    """An OTHER_ARTICLES entry: written by whoever submits it, taken to Approved by ``steps``."""
    content = {**content, "change_note": "First version, written for the demo."}
    return {"slug": content["slug"], "author": steps[0][1], "content": content, "steps": steps}


# In the order they are approved: the home page lists the eight most recently published articles, so the last
# ones here (with warfarin and calciphylaxis, seeded after them) are the ones it shows.
LIBRARY = [
    _approved(ANAEMIA, APPROVED_BY_BOARD),
    _approved(TRANSPLANT, APPROVED_BY_BOARD2),
    _approved(DIABETIC_KIDNEY_DISEASE, APPROVED_BY_BOARD),
    _approved(PHOSPHATE_BINDERS, APPROVED_BY_BOARD2),
    _approved(HYPERPARATHYROIDISM, APPROVED_BY_BOARD),
    _approved(HYPERKALAEMIA, APPROVED_BY_BOARD2),
    _approved(CKD, APPROVED_BY_BOARD),
]
