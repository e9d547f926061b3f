"""Reads for the public site: what is published, who reviewed it, where the article stands.

``articles`` never imports ``editorial``: revisions, their sections and their audit records are reached
through the ORM relations declared with string references (``published_revision``, ``revisions``,
``transitions``, ``cited_references``). Workflow state names appear here as the stored strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, Upper

from articles.models import Article, Audience, BoardProfile

IN_REVIEW = {"submitted": "Submitted", "under_review": "Under review"}
REVIEWER_ACTIONS = ("start_review", "approve")
WITHDRAWN = "withdrawn"


def published_articles() -> QuerySet[Article]:
    """Articles with an approved revision, with that revision joined."""
    return Article.objects.filter(published_revision__isnull=False).select_related("published_revision")


def article_for_reading(slug: str) -> Article | None:
    """The published article and its revision in one query; None if not published.

    Sections and pinned references are not fetched here: the page renders them once per revision and
    register (``articles.caching.rendered_revision``), so they are read only on a render-cache miss.
    """
    return published_articles().filter(slug=slug).first()


def is_withdrawn(slug: str) -> bool:
    """An article that was public and was taken off the site (it answers 410, not 404)."""
    return Article.objects.filter(slug=slug, published_revision__isnull=True, revisions__state=WITHDRAWN).exists()


def audiences() -> list[Audience]:
    return list(Audience.objects.all())


def default_audience() -> Audience:
    audience = Audience.objects.filter(is_default=True).first() or Audience.objects.first()
    if audience is None:
        raise Audience.DoesNotExist("No reader audience exists; run the migrations (articles 0004).")
    return audience


@dataclass(frozen=True)
class Reviewer:
    name: str
    credentials: str
    specialty: str
    url: str | None  # the board profile, when the reviewer has one


@dataclass(frozen=True)
class ReviewStatus:
    approved_at: datetime | None
    reviewers: tuple[Reviewer, ...]
    update_state: str | None  # "Submitted" / "Under review" when a newer revision is with the board
    last_updated: datetime | None
    last_reviewed: datetime | None
    next_review_due: date | None


def reviewers_of(revision) -> tuple[Reviewer, ...]:
    """The board members who started the review of, or approved, ``revision``, in order of acting."""
    records = (
        revision.transitions.filter(action__in=REVIEWER_ACTIONS)
        .select_related("actor", "actor__board_profile")
        .order_by("created_at", "pk")
    )
    reviewers: dict[int, Reviewer] = {}
    for record in records:
        if record.actor_id in reviewers:
            continue
        profile = getattr(record.actor, "board_profile", None)
        if profile is not None:
            reviewers[record.actor_id] = Reviewer(
                profile.display_name,
                profile.credentials,
                profile.specialty,
                profile.get_absolute_url() if profile.listed else None,
            )
        else:
            name = record.actor.get_full_name() or record.actor.get_username()
            reviewers[record.actor_id] = Reviewer(name, "", "", None)
    return tuple(reviewers.values())


def review_status(article: Article) -> ReviewStatus:
    revision = article.published_revision
    pending = (
        article.revisions.filter(state__in=list(IN_REVIEW))
        .exclude(pk=article.published_revision_id)
        .values_list("state", flat=True)
        .first()
    )
    return ReviewStatus(
        approved_at=revision.decided_at or article.published_at,
        reviewers=reviewers_of(revision),
        update_state=IN_REVIEW.get(pending) if pending else None,
        last_updated=article.published_at,
        last_reviewed=article.last_reviewed_at,
        next_review_due=article.next_review_due,
    )


def recently_updated(limit: int = 8) -> list[Article]:
    return list(published_articles().order_by("-published_at", "slug")[:limit])


def a_to_z_letters() -> list[tuple[str, int]]:
    """Each first letter of a published article's address, with how many articles it has, in order.

    Slugs name the topic ("calciphylaxis"), titles are questions ("What is ...?"), so the index is by slug.
    One grouped query: the home page and /az/ no longer load every article.
    """
    rows = (
        published_articles()
        .order_by()
        .annotate(letter=Upper(Substr("slug", 1, 1)))
        .values("letter")
        .annotate(count=Count("*"))  # COUNT(*): answered from the letter index alone
        .order_by("letter")
    )
    return [(row["letter"], row["count"]) for row in rows]


def articles_for_letter(letter: str) -> QuerySet[Article]:
    """Published articles whose address starts with ``letter``, by address (paginate it)."""
    return published_articles().filter(slug__startswith=letter.lower()).order_by("slug")


def board_members() -> QuerySet[BoardProfile]:
    return BoardProfile.objects.filter(listed=True).select_related("user")


def articles_reviewed_by(profile: BoardProfile) -> list[Article]:
    return list(
        published_articles()
        .filter(
            published_revision__transitions__actor=profile.user,
            published_revision__transitions__action__in=REVIEWER_ACTIONS,
        )
        .distinct()
        .order_by("slug")
    )


def revision_for_preview(pk: int):
    """Any revision, for staff preview, reached through its article."""
    article = Article.objects.filter(revisions__pk=pk).first()
    if article is None:
        return None
    return (
        article.revisions.select_related("article")
        .prefetch_related("sections", "cited_references")
        .filter(pk=pk)
        .first()
    )
