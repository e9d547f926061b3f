"""Reads for the board's notes on the public site (issue 18): the disclosures of everyone an article page
credits, and the What's new page. Like ``articles.selectors``, it reaches revisions through the ORM only."""

from __future__ import annotations

from dataclasses import dataclass

from articles.attribution import Attribution
from articles.models import Article, Disclosure

PRACTICE_CHANGING = "practice_changing"  # editorial.rules.SafetyCategory, as stored


@dataclass(frozen=True)
class DisclosedReviewer:
    """A credited board member with the disclosure in force (None: no disclosure on file)."""

    reviewer: object  # articles.attribution.Reviewer
    disclosure: Disclosure | None


def disclosures_of(attribution: Attribution) -> list[DisclosedReviewer]:
    """Each person the page credits (``Attribution.people``), with their latest disclosure: one query."""
    people = attribution.people
    latest: dict[int, Disclosure] = {}
    rows = Disclosure.objects.filter(member_id__in=[person_id for person_id, _ in people])
    for disclosure in rows.order_by("member_id", "-declared_on", "-id"):
        latest.setdefault(disclosure.member_id, disclosure)
    return [DisclosedReviewer(reviewer, latest.get(person_id)) for person_id, reviewer in people]


def whats_new(limit: int = 50) -> list:
    """Approved practice-changing updates of published articles, newest first, with their what-changed notes."""
    revision_model = Article._meta.get_field("published_revision").related_model
    return list(
        revision_model.objects.filter(
            state__in=("approved", "superseded"),
            safety_category=PRACTICE_CHANGING,
            article__published_revision__isnull=False,
        )
        .select_related("article")
        .only("title", "number", "decided_at", "change_note", "article__slug")
        .order_by("-decided_at", "-pk")[:limit]
    )
