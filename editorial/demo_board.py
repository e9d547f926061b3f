"""Demo data for the board's rules (issue 18), through the services; called by ``seed_demo`` once per run.

- Disclosures: Maya Okafor declares none; Daniel Brandt declares speaker fees from a wound-dressing maker
  (his board profile says so), on the topic "wound care", so he is recused from the wound-care article.
- A dosing article that needs two board approvals: revision 1 approved by both; revision 2 under review with
  one approval in (part-way).
- A safety update of the wound-care article, under review and inside its deadline, which Daniel Brandt may not
  approve (the revision page says why).

Fictional demo content, written to be cautious rather than complete. Idempotent: each part is skipped once its
article exists, and disclosures once the member has one.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.rules import SafetyCategory

DISCLOSURES = {
    "board": {"days_ago": 60, "interests": "", "topics": ""},
    "board2": {
        "days_ago": 30,
        "interests": "Speaker fees from a wound-dressing manufacturer (2024).",
        "topics": "wound care",
    },
}

DOSING = {
    "slug": "sodium-thiosulfate-dosing",
    "title": "How is sodium thiosulfate given for calciphylaxis?",
    "summary": "There is no licensed dose for calciphylaxis. Reported regimens give it into a vein, often at the "
    "end of each haemodialysis session, and the treating team adjusts the dose to the person.",
    "change_note": "First published.",
    "sections": [
        {
            "heading": "How it is given",
            "body": "Sodium thiosulfate is given as a slow intravenous infusion. In people on haemodialysis it is "
            "usually given during or after each session; the dose and how often it is given are decided by the "
            "treating team, because this use is off-label.",
        },
        {
            "heading": "Side effects",
            "body": "Nausea and vomiting are common during the infusion. It can make the blood more acidic "
            "(metabolic acidosis), so the team checks blood tests during treatment.",
        },
    ],
}
DOSING_UPDATE_NOTE = "Says more clearly that the dose is set by the treating team and names the blood tests."

WOUND_CARE = {
    "slug": "calciphylaxis-wound-care",
    "title": "How are calciphylaxis wounds cared for?",
    "summary": "Calciphylaxis wounds are painful and heal slowly. Care aims to control pain, keep the wound clean "
    "and prevent infection.",
    "change_note": "First published.",
    "sections": [
        {
            "heading": "Caring for the wound",
            "body": "A specialist wound-care team chooses dressings for each wound and reviews them often. Dead "
            "tissue is sometimes removed, but this is decided case by case.",
        },
    ],
}
SAFETY_NOTE = (
    "Adds a warning: spreading redness, fever, a bad smell or new pain around a wound can mean infection, "
    "which is serious in calciphylaxis; seek urgent care."
)


def seed_board(users: dict) -> None:
    """The board demo: disclosures, the two-approval dosing article part-way, a safety update in review."""
    _declare(users)
    if not Article.objects.filter(slug=DOSING["slug"]).exists():
        _dosing_article(users)
    if not Article.objects.filter(slug=WOUND_CARE["slug"]).exists():
        _wound_care_safety_update(users)


def _declare(users: dict) -> None:
    today = timezone.localdate()
    for username, data in DISCLOSURES.items():
        member = users[username]
        if member.disclosures.exists():
            continue
        services.disclosure_declare(
            actor=users["chief"],
            member=member,
            declared_on=today - timedelta(days=data["days_ago"]),
            interests=data["interests"],
            topics=data["topics"],
        )


def _dosing_article(users: dict) -> None:
    first = services.article_create(actor=users["editor"], **DOSING)
    services.article_set_board_rules(
        actor=users["chief"], article=first.article, topics="dosing; calciphylaxis", approvals_required=2
    )
    first = services.revision_submit(actor=users["editor"], revision=first)
    first = services.revision_start_review(actor=users["board"], revision=first)
    first = services.revision_approve(actor=users["board"], revision=first, comment="Doses and cautions checked.")
    services.revision_approve(actor=users["board2"], revision=first, comment="Agree.")
    update = services.revision_start_new(actor=users["editor"], article=first.article, change_note=DOSING_UPDATE_NOTE)
    update = services.revision_submit(actor=users["editor"], revision=update)
    update = services.revision_start_review(actor=users["board"], revision=update)
    services.revision_approve(actor=users["board"], revision=update, comment="Clearer; fine by me.")  # 1 of 2


def _wound_care_safety_update(users: dict) -> None:
    first = services.article_create(actor=users["editor"], **WOUND_CARE)
    services.article_set_board_rules(
        actor=users["chief"], article=first.article, topics="wound care; calciphylaxis", approvals_required=1
    )
    first = services.revision_submit(actor=users["editor"], revision=first)
    first = services.revision_start_review(actor=users["board"], revision=first)
    services.revision_approve(actor=users["board"], revision=first, comment="Accurate.")
    update = services.revision_start_new(actor=users["editor"], article=first.article, change_note=SAFETY_NOTE)
    update = services.revision_edit(
        actor=users["editor"],
        revision=update,
        expected_version=update.version,
        safety_category=SafetyCategory.OTHER,
        summary=WOUND_CARE["summary"] + " Spreading redness, fever or new pain around a wound needs urgent care.",
    )
    update = services.revision_submit(actor=users["editor"], revision=update)
    services.revision_start_review(actor=users["board"], revision=update)
