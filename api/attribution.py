"""Who reviewed an article, for the API: the ONE place the API reads reviewer attribution.

Today it takes the public page's reviewers (``articles.selectors.article_page`` -> ``ArticlePage.reviewers``,
the board members who started the review of, or approved, the published revision, in order of acting)
and adds each one's role from the same audit records. When the page's attribution changes (approver and
other reviewers, their roles from the audit trail), point this function at that selector: every endpoint
that names reviewers calls it, and ``tests/api/test_articles.py`` checks it names whom the page names.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from articles.selectors import REVIEWER_ACTIONS, ArticlePage
from editorial.models import TransitionRecord

ROLE_OF_ACTION = {"start_review": "started_review", "approve": "approved"}


def article_reviewers(request: HttpRequest, page: ArticlePage) -> list[dict]:
    """The published revision's reviewers as ``schemas.ReviewerOut`` data, in the page's order."""
    records = TransitionRecord.objects.filter(
        revision_id=page.article.published_revision_id, action__in=REVIEWER_ACTIONS
    ).order_by("created_at", "pk")
    roles: dict[int, list[str]] = {}
    for actor_id, action in records.values_list("actor_id", "action"):
        actions = roles.setdefault(actor_id, [])
        if ROLE_OF_ACTION[action] not in actions:
            actions.append(ROLE_OF_ACTION[action])
    # The selector lists each actor once in order of first acting, as ``roles`` is built: zip them.
    role_lists = list(roles.values()) if len(roles) == len(page.reviewers) else [[] for _ in page.reviewers]
    return [
        {
            "name": reviewer.name,
            "credentials": reviewer.credentials,
            "specialty": reviewer.specialty,
            "roles": actor_roles,
            "profile_url": request.build_absolute_uri(reviewer.url) if reviewer.url else None,
            "api_url": _board_api_url(request, reviewer.url),
        }
        for reviewer, actor_roles in zip(page.reviewers, role_lists, strict=True)
    ]


def _board_api_url(request: HttpRequest, profile_url: str | None) -> str | None:
    if not profile_url:
        return None
    slug = profile_url.rstrip("/").rsplit("/", 1)[-1]
    return request.build_absolute_uri(reverse("api-v1:board_member", args=[slug]))
