"""Reads for the public site: what is published, who reviewed it, where the article stands.

``articles`` never imports ``editorial``: revisions, their sections and their audit records are reached
through the ORM relations declared with string references (``published_revision``, ``revisions``,
``transitions``, ``cited_references``). Workflow state names appear here as the stored strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr, Upper
from django.urls import reverse

from articles.models import Article, Audience, BoardProfile, StoredRendering
from articles.prepared import placeholder, prepared_rows

IN_REVIEW = {"submitted": "Submitted", "under_review": "Under review"}
REVIEWER_ACTIONS = ("start_review", "approve")
WITHDRAWN = "withdrawn"


def published_articles() -> QuerySet[Article]:
    """Articles with an approved revision, with that revision joined."""
    return Article.objects.filter(published_revision__isnull=False).select_related("published_revision")


def article_for_reading(slug: str, register: str | None = None) -> Article | None:
    """The published article and its revision in one query; None if not published.

    The same query brings ``pending_state``, the state of a newer revision with the board (for
    ``review_status``), and, given a ``register``, ``stored_payload``: the published revision's stored
    rendering in that register for this RENDER_VERSION (``articles.caching.rendered_revision``), or None
    if it was never rendered. Sections and pinned references are read only to render it the first time.
    The query is compiled once (``articles.prepared``): on a cold page its compilation cost more than
    everything else the page reads.
    """
    key = ("article_for_reading", register, settings.RENDER_VERSION)
    rows = prepared_rows(key, lambda: _article_for_reading_query(register), slug=slug)
    if not rows:
        return None
    *article_values, revision_state, revision_decided_at, pending_state, stored_payload = rows[0]
    article = Article.from_db(DEFAULT_DB_ALIAS, ARTICLE_FIELDS, article_values)
    revision_model = Article._meta.get_field("published_revision").related_model
    article.published_revision = revision_model.from_db(
        DEFAULT_DB_ALIAS,
        ["id", "article_id", "state", "decided_at"],
        [article.published_revision_id, article.pk, revision_state, revision_decided_at],
    )  # the fields the page reads; any other is loaded if touched
    article.pending_state = pending_state
    if register is not None:
        article.stored_payload = stored_payload
    return article


ARTICLE_FIELDS = [field.attname for field in Article._meta.concrete_fields]


def _article_for_reading_query(register: str | None) -> QuerySet:
    pending = _pending_states(OuterRef("pk"), published_revision_id=OuterRef("published_revision"))
    stored = StoredRendering.objects.filter(
        revision=OuterRef("published_revision"), register=register or "", render_version=settings.RENDER_VERSION
    )
    return (
        published_articles()
        .filter(slug=placeholder("slug"))
        .annotate(
            pending_state=Subquery(pending.values("state")[:1]),
            stored_payload=Subquery(stored.values("payload")[:1], output_field=JSONField()),
        )
        .order_by()
        .values_list(
            *ARTICLE_FIELDS,
            "published_revision__state",
            "published_revision__decided_at",
            "pending_state",
            "stored_payload",
        )[:1]
    )


def _pending_states(article, published_revision_id) -> QuerySet:
    """The article's revisions with the board other than the published one: an update under review."""
    revisions = Article._meta.get_field("published_revision").related_model.objects
    return revisions.filter(article=article, state__in=list(IN_REVIEW)).exclude(pk=published_revision_id)


def is_withdrawn(slug: str) -> bool:
    """An article that was public and was taken off the site (it answers 410, not 404)."""
    return Article.objects.filter(slug=slug, published_revision__isnull=True, revisions__state=WITHDRAWN).exists()


def audiences() -> list[Audience]:
    fields = [field.attname for field in Audience._meta.concrete_fields]
    rows = prepared_rows("audiences", lambda: Audience.objects.values_list(*fields))
    return [Audience.from_db(DEFAULT_DB_ALIAS, fields, row) for row in rows]


def default_audience(options: list[Audience] | None = None) -> Audience:
    """The audience marked default (else the first), from ``options`` when the caller has read them all."""
    if options is None:
        options = audiences()
    audience = next((option for option in options if option.is_default), None) or next(iter(options), None)
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
    records = prepared_rows("reviewers_of", _reviewer_records_query, revision=revision.pk)
    reviewers: dict[int, Reviewer] = {}
    for actor_id, username, first_name, last_name, slug, display_name, credentials, specialty, listed in records:
        if actor_id in reviewers:
            continue
        if slug is not None:
            url = reverse("articles:board_member", args=[slug]) if listed else None
            reviewers[actor_id] = Reviewer(display_name, credentials, specialty, url)
        else:
            name = f"{first_name} {last_name}".strip() or username
            reviewers[actor_id] = Reviewer(name, "", "", None)
    return tuple(reviewers.values())


def _reviewer_records_query() -> QuerySet:
    revisions = Article._meta.get_field("published_revision").related_model
    transitions = revisions._meta.get_field("transitions").related_model
    actor = ["actor_id", "actor__username", "actor__first_name", "actor__last_name"]
    profile = [
        f"actor__board_profile__{name}" for name in ("slug", "display_name", "credentials", "specialty", "listed")
    ]
    return (
        transitions.objects.filter(revision_id=placeholder("revision", int), action__in=REVIEWER_ACTIONS)
        .order_by("created_at", "pk")
        .values_list(*actor, *profile)
    )


def review_status(article: Article, reviewers: tuple[Reviewer, ...] | None = None) -> ReviewStatus:
    """What the page says about the review; ``pending_state`` comes with ``article_for_reading``'s query,
    ``reviewers`` (``reviewers_of`` the published revision) from the caller when it has them."""
    revision = article.published_revision
    if hasattr(article, "pending_state"):
        pending = article.pending_state
    else:
        pending = _pending_states(article, article.published_revision_id).values_list("state", flat=True).first()
    return ReviewStatus(
        approved_at=revision.decided_at or article.published_at,
        reviewers=reviewers_of(revision) if reviewers is None else reviewers,
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
