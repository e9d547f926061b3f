"""Reads for the board's notes on the public site (issue 18): the disclosures of everyone an article page
credits, and the What's new page. Like ``articles.selectors``, it reaches revisions through the ORM only."""

from __future__ import annotations

from articles.attribution import Attribution
from articles.models import Article

PRACTICE_CHANGING = "practice_changing"  # editorial.rules.SafetyCategory, as stored


def disclosures_of(attribution: Attribution) -> list:
    """Each person the page credits (``Attribution.people``: approvers first), with the disclosure read with
    the credits (``Reviewer.disclosure``; None: none on file)."""
    return [reviewer for _, reviewer in attribution.people]


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
