"""Who reviewed an article, for the API: the ONE place the API reads reviewer attribution.

It asks the same attribution the public page shows (``articles.attribution``, read with the page by
``articles.selectors.article_page``): who approved the published revision, who last confirmed it still
current, and who else reviewed it, each person once in the page's order, with every role they had in the
decision. ``tests/api/test_articles.py`` checks it names whom the page names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from articles.attribution import APPROVE, CONFIRM_CURRENT, REQUEST_CHANGES, START_REVIEW
from articles.selectors import ArticlePage

ROLE_OF_ACTION = {
    START_REVIEW: "started_review",
    REQUEST_CHANGES: "requested_changes",
    APPROVE: "approved",
    CONFIRM_CURRENT: "confirmed_current",
}


def article_reviewers(absolute: Callable[[str], str], page: ArticlePage) -> list[dict]:
    """The published revision's reviewers as ``schemas.ReviewerOut`` data, in the page's order (``absolute``
    makes a path a URL)."""
    attribution = page.attribution
    # Every approver (an article may need several: issue 18), then the confirmation, then the others.
    named = [*attribution.approvers, attribution.confirmed, *(o.credits[0] for o in attribution.others)]
    people = {}
    for credit in filter(None, named):
        people.setdefault(credit.person_id, credit.reviewer)
    roles: dict[int, list[str]] = {}
    for credit in attribution.credits:  # in order of first acting
        actions = roles.setdefault(credit.person_id, [])
        if ROLE_OF_ACTION[credit.action] not in actions:
            actions.append(ROLE_OF_ACTION[credit.action])
    return [
        {
            "name": reviewer.name,
            "credentials": reviewer.credentials,
            "specialty": reviewer.specialty,
            "roles": roles.get(person_id, []),
            "profile_url": absolute(reviewer.url) if reviewer.url else None,
            "api_url": _board_api_url(absolute, reviewer.url),
        }
        for person_id, reviewer in people.items()
    ]


def _board_api_url(absolute: Callable[[str], str], profile_url: str | None) -> str | None:
    if not profile_url:
        return None
    slug = profile_url.rstrip("/").rsplit("/", 1)[-1]
    return absolute(reverse("api-v1:board_member", args=[slug]))
