"""Demo data for evidence (issue 17): graded recommendations in the calciphylaxis article, the board's
confirmation of its sources' study designs, and a retracted source (fictional) flagged through
``manage.py import_retractions`` with ``references/fixtures/demo_retractions.csv``, its notice approved.

Three calls from ``seed_demo``, in this order: ``seed_evidence_sources`` before the article is written,
``with_recommendations(CALCIPHYLAXIS)`` where it is created, ``seed_evidence`` once the demo is loaded
(the retraction can only flag an article that is already approved). Each is idempotent.
"""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from articles.models import Article
from editorial.models import RetractionFlag
from editorial.quality import cited_references
from editorial.services.evidence import reference_confirm_design, retraction_notice_approve
from references.models import Reference, StudyDesign
from references.services import reference_save

RETRACTIONS_FILE = Path(__file__).resolve().parents[1] / "references" / "fixtures" / "demo_retractions.csv"

# A source that does not exist, so that the demo retracts no real paper. 10.5555 is Crossref's test prefix.
FICTIONAL_TRIAL = {
    "key": "demotrial2019",
    "type": "research",
    "study_design": StudyDesign.RANDOMISED_TRIAL,
    "title": (
        "Intravenous sodium thiosulfate for calciphylaxis: a randomised trial (fictional record for the Vetted demo)"
    ),
    "authors": "Example A\nSample B",
    "container": "Demo J Nephrol",
    "year": 2019,
    "volume": "1",
    "pages": "1-9",
    "doi": "10.5555/vetted.demo.2019.001",
}

RECOMMENDATIONS = {
    "heading": "Recommendations",
    "body": (
        "- For people on dialysis with calciphylaxis, we recommend care by a team covering wound care, pain "
        "control and mineral metabolism {grade 1C} [@nigwekar2018; @brandenburg2017].\n"
        "- We suggest stopping vitamin K antagonists and calcium-based phosphate binders where possible "
        "{grade 2C} [@nigwekar2018; @kdigo2017].\n"
        "- We suggest that intravenous sodium thiosulfate be considered; randomised evidence is limited "
        "{grade 2C} [@demotrial2019]."
    ),
    "plain_heading": "What the experts advise",
    "plain_body": (
        "- Care works best from a team: wound care, pain relief and treatment of the blood minerals "
        "{grade 1C} [@nigwekar2018].\n"
        "- Doctors may stop warfarin and calcium-based medicines where they can {grade 2C} [@nigwekar2018].\n"
        "- A medicine called sodium thiosulfate is sometimes tried {grade 2C} [@demotrial2019]."
    ),
}
LITERATURE_CHECKED_THROUGH = datetime.date(2026, 9, 30)

# The update an editor writes once the trial is retracted: the citation stays (readers can follow it to the
# notice) but is marked as cited knowingly, and the advice it carried loses its grade. Approval refuses an
# update that still cites a retracted source unmarked, so the demo's update under review must do this too.
AFTER_RETRACTION = {
    "[@demotrial2019].": "[@demotrial2019]{retracted}.",
    "; randomised evidence is limited {grade 2C}": (
        ", although the only randomised trial of it has since been retracted, so we make no graded recommendation"
    ),
    "is sometimes tried {grade 2C}": "is sometimes tried, but the only trial of it has since been withdrawn",
}


def with_recommendations(spec: dict) -> dict:
    """``spec`` (an ``article_create`` dict) with the graded recommendations and a literature date added."""
    return {
        **spec,
        "sections": [*spec["sections"], RECOMMENDATIONS],
        "literature_checked_through": LITERATURE_CHECKED_THROUGH,
    }


def sections_after_retraction(sections: list[dict]) -> list[dict]:
    """``sections`` with the retracted trial's citations marked and the advice it carried ungraded."""
    marked = []
    for section in sections:
        section = dict(section)
        for field in ("body", "plain_body"):
            for old, new in AFTER_RETRACTION.items():
                section[field] = section.get(field, "").replace(old, new)
        marked.append(section)
    return marked


def seed_evidence_sources(*, actor) -> None:
    """The fictional trial the recommendations cite (before the article that cites it is submitted)."""
    if not Reference.objects.filter(key=FICTIONAL_TRIAL["key"]).exists():
        reference_save(actor=actor, reference=Reference(**FICTIONAL_TRIAL), reason="Demo: a fictional source")


def seed_evidence(users: dict) -> None:
    """The board confirms the calciphylaxis sources' designs; the retraction file flags the article and
    the board approves the notice readers see."""
    article = Article.objects.filter(slug="calciphylaxis").select_related("published_revision").first()
    if article is None or article.published_revision is None:
        return
    for reference in cited_references(article.published_revision):
        if reference.design_confirmed_by_id is None and reference.study_design:
            reference_confirm_design(actor=users["board"], reference=reference, design=reference.study_design)
    if not Reference.objects.filter(key=FICTIONAL_TRIAL["key"], retraction_status="retracted").exists():
        call_command("import_retractions", str(RETRACTIONS_FILE), user="chief", stdout=StringIO(), stderr=StringIO())
    for flag in RetractionFlag.objects.filter(article=article, status=RetractionFlag.Status.OPEN):
        retraction_notice_approve(actor=users["board"], flag=flag)
