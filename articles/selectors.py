"""Reads for the public site: what is published, who reviewed it, where the article stands.

``articles`` never imports ``editorial``: revisions, their sections and their audit records are reached
through the ORM relations declared with string references (``published_revision``, ``revisions``,
``transitions``, ``cited_references``). Workflow state names appear here as the stored strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import JSONField, OuterRef, Q, QuerySet, Subquery, Value

from articles import letters
from articles.attribution import (
    CREDITED_ACTIONS,
    NO_ATTRIBUTION,
    Attribution,
    Credit,
    attribution_from_rows,
)
from articles.models import Article, Audience, BoardProfile, Register, StoredRendering
from articles.page_rows import credit_lists, json_list, retraction_list
from articles.stored_rendering import NOT_READ
from pagecache import placeholder, prepared_rows, site_memo

IN_REVIEW = {"submitted": "Submitted", "under_review": "Under review"}
WITHDRAWN = "withdrawn"


def published_articles() -> QuerySet[Article]:
    """Articles with an approved revision, with that revision joined."""
    return Article.objects.filter(published_revision__isnull=False).select_related("published_revision")


def article_for_reading(slug: str, register: str | None = None) -> Article | None:
    """The published article and its revision in one query; None if not published.

    The same query brings ``pending_state``, the state of a newer revision with the board (for
    ``review_status``), and, given a ``register``, ``stored_payload``: the published revision's stored
    rendering in that register for this RENDER_VERSION (``articles.stored_rendering.rendered_revision``), or None
    if it was never rendered. Sections and pinned references are read only to render it the first time.
    The query is compiled once (``pagecache.prepared``): on a cold page its compilation cost more than
    everything else the page reads.
    """
    key = ("article_for_reading", register, settings.RENDER_VERSION)
    rows = prepared_rows(key, lambda: _reading(register or "").values_list(*READING_COLUMNS)[:1], slug=slug)
    if not rows:
        return None
    article = _article_from_row(rows[0])
    if register is None:
        del article.stored_payload
    return article


@dataclass(frozen=True)
class ArticlePage:
    """Everything the public article page reads from the database, read by one query."""

    article: Article  # with published_revision (its state and decided_at), pending_state, stored_payload
    audiences: list[Audience]
    audience: Audience | None  # the one asked for (the default one when none was); None: no such audience
    attribution: Attribution  # of the published revision: who approved, confirmed, reviewed
    pinned: dict[str, dict] | None = None  # with ``pinned=True``: each cited key's snapshot pinned at approval


def article_page(slug: str, audience_slug: str | None = None, *, pinned: bool = False) -> ArticlePage | None:
    """The article page's data in one query (None if the article is not published).

    ``article_for_reading`` for the audience named ``audience_slug`` (the default audience when None), with
    every audience and the published revision's review records (``attribution_of``'s) as JSON arrays in
    the same row: on PostgreSQL each round trip to the database cost as much as rendering half the page.
    ``pinned``: also the references' snapshots pinned at approval (the API's detail shows their identifiers).
    """
    key = ("article_page", audience_slug is None, pinned, settings.RENDER_VERSION)
    rows = prepared_rows(
        key,
        lambda: _article_page_query(by_slug=audience_slug is not None, pinned=pinned),
        slug=slug,
        audience=audience_slug or "",
    )
    if not rows:
        return None
    *reading, audience_items, transition_items, confirmation_items, retraction_items, pinned_items = rows[0]
    article = _article_from_row(reading)
    article.retraction_notices = retraction_notices_from_items(retraction_items or [])
    audiences = _audiences_from_items(audience_items or [])
    if audience_slug is None:
        audience = default_audience(audiences)
    else:
        audience = next((option for option in audiences if option.slug == audience_slug), None)
    payload = article.stored_payload
    if audience is not None and payload is not None and payload.get("register") != audience.register:
        article.stored_payload = NOT_READ  # never another register's text: read the right one
    attribution = attribution_from_rows(transition_items or [], confirmation_items or [])
    snapshots = {item["key"]: _json(item["snapshot"]) for item in pinned_items or []} if pinned else None
    return ArticlePage(
        article=article, audiences=audiences, audience=audience, attribution=attribution, pinned=snapshots
    )


READING_COLUMNS = [
    *(field.attname for field in Article._meta.concrete_fields),
    "published_revision__state",
    "published_revision__decided_at",
    "published_revision__literature_checked_through",
    "published_revision__change_note",
    "published_revision__safety_category",
    "pending_state",
    "stored_payload",
]
ARTICLE_FIELDS = READING_COLUMNS[: len(Article._meta.concrete_fields)]


def _reading(register) -> QuerySet:
    """Published articles with ``pending_state`` and the stored rendering in ``register`` (a string or an
    expression) annotated; filtered on ``placeholder("slug")``."""
    pending = _pending_states(OuterRef("pk"), published_revision_id=OuterRef("published_revision"))
    stored = StoredRendering.objects.filter(
        revision=OuterRef("published_revision"), register=register, render_version=settings.RENDER_VERSION
    )
    return (
        published_articles()
        .filter(slug=placeholder("slug"))
        .annotate(
            pending_state=Subquery(pending.order_by("-number").values("state")[:1]),
            stored_payload=Subquery(stored.values("payload")[:1], output_field=JSONField()),
        )
        .order_by()
    )


def _article_from_row(values: list) -> Article:
    (
        *article_values,
        revision_state,
        revision_decided_at,
        literature_date,
        change_note,
        safety_category,
        pending_state,
        stored_payload,
    ) = values
    article = Article.from_db(DEFAULT_DB_ALIAS, ARTICLE_FIELDS, article_values)
    revision_model = Article._meta.get_field("published_revision").related_model
    read = {
        "id": article.published_revision_id,
        "article_id": article.pk,
        "state": revision_state,
        "decided_at": revision_decided_at,
        "literature_checked_through": literature_date,
        "change_note": change_note,
        "safety_category": safety_category,
    }
    # ``from_db`` takes a partial row's values in the model's field order.
    names = [field.attname for field in revision_model._meta.concrete_fields if field.attname in read]
    article.published_revision = revision_model.from_db(
        DEFAULT_DB_ALIAS, names, [read[name] for name in names]
    )  # the fields the page reads; any other is loaded if touched
    article.pending_state = pending_state
    article.stored_payload = stored_payload
    return article


AUDIENCE_FIELDS = [field.attname for field in Audience._meta.concrete_fields]


def _article_page_query(*, by_slug: bool, pinned: bool = False) -> QuerySet:
    chosen = (
        Audience.objects.filter(slug=placeholder("audience"))
        if by_slug
        else Audience.objects.order_by("-is_default", *Audience._meta.ordering)
    )
    revisions = Article._meta.get_field("published_revision").related_model
    cited = revisions._meta.get_field("cited_references").related_model.objects
    snapshots = json_list(cited.filter(revision_id=OuterRef("published_revision_id")), key="key", snapshot="snapshot")
    return (
        _reading(Subquery(chosen.values("register")[:1]))
        .annotate(
            audience_items=json_list(Audience.objects.all(), **{name: name for name in AUDIENCE_FIELDS}),
            **credit_lists(OuterRef("published_revision_id")),
            retraction_items=retraction_list(OuterRef("pk")),
            pinned_items=snapshots if pinned else Value(None, JSONField()),
        )
        .values_list(
            *READING_COLUMNS,
            "audience_items",
            "transition_items",
            "confirmation_items",
            "retraction_items",
            "pinned_items",
        )[:1]
    )


def _json(value):
    """A JSON column inside a JSON array: nested on PostgreSQL, its text on SQLite (JSON_OBJECT keeps it a string)."""
    return json.loads(value) if isinstance(value, str) else value


def retraction_notices_from_items(items: list[dict]) -> list[dict]:
    """``[{"key": ..., "retracted_on": date or None}]``, each source once."""
    notices = {}
    for item in items:
        value = item.get("retracted_on")
        notices[item["key"]] = {"key": item["key"], "retracted_on": date.fromisoformat(value) if value else None}
    return sorted(notices.values(), key=lambda notice: notice["key"])


def _audiences_from_items(items: list[dict]) -> list[Audience]:
    audiences = [
        Audience.from_db(DEFAULT_DB_ALIAS, AUDIENCE_FIELDS, [item[name] for name in AUDIENCE_FIELDS]) for item in items
    ]
    return sorted(audiences, key=lambda audience: (audience.ordering, audience.label))


def _pending_states(article, published_revision_id) -> QuerySet:
    """The article's revisions with the board other than the published one: an update under review."""
    revisions = Article._meta.get_field("published_revision").related_model.objects
    return revisions.filter(article=article, state__in=list(IN_REVIEW)).exclude(pk=published_revision_id)


@dataclass(frozen=True)
class Withdrawal:
    """What the page of a withdrawn article (410) may say: the title readers last saw, and when it went."""

    title: str
    plain_title: str
    withdrawn_at: datetime | None

    def title_for(self, register: str) -> str:
        return (self.plain_title or self.title) if register == Register.PLAIN else self.title


def withdrawal(slug: str) -> Withdrawal | None:
    """The article at ``slug`` if it was public and was taken off the site (it answers 410, not 404).

    The title is the withdrawn revision's, which readers were shown; never that of a revision written since,
    which no board member approved. The withdrawal's reason is the editor-in-chief's note to the audit trail
    and is not read here.
    """
    revisions = Article._meta.get_field("published_revision").related_model
    transitions = revisions._meta.get_field("transitions").related_model.objects
    withdrawn_at = transitions.filter(revision=OuterRef("pk"), action="withdraw").order_by("-created_at", "-pk")
    row = (
        revisions.objects.filter(article__slug=slug, article__published_revision__isnull=True, state=WITHDRAWN)
        .annotate(withdrawn_at=Subquery(withdrawn_at.values("created_at")[:1]))
        .order_by("-number")
        .values_list("title", "plain_title", "withdrawn_at")
        .first()
    )
    return Withdrawal(*row) if row is not None else None


def audiences() -> list[Audience]:
    """Every audience in the chooser's order, read once per process while the site-wide page token holds
    (``pagecache.site_memo``): an audience edit renews it on commit on every server (``retire_all_on_commit``).
    On PostgreSQL the read was a round trip of its own on every page that asked. Do not change the instances:
    every request of the process shares them."""
    return list(site_memo("audiences", _read_audiences))


def _read_audiences() -> tuple[Audience, ...]:
    rows = prepared_rows("audiences", lambda: Audience.objects.values_list(*AUDIENCE_FIELDS))
    return tuple(Audience.from_db(DEFAULT_DB_ALIAS, AUDIENCE_FIELDS, row) for row in rows)


def default_audience(options: list[Audience] | None = None) -> Audience:
    """The audience marked default (else the first), from ``options`` when the caller has read them all."""
    if options is None:
        options = audiences()
    audience = next((option for option in options if option.is_default), None) or next(iter(options), None)
    if audience is None:
        raise Audience.DoesNotExist("No reader audience exists; run the migrations (articles 0004).")
    return audience


@dataclass(frozen=True)
class ReviewStatus:
    approved_at: datetime | None
    attribution: Attribution  # who approved, who confirmed it current, who else reviewed
    update_state: str | None  # "Submitted" / "Under review" when a newer revision is with the board
    last_updated: datetime | None
    last_reviewed: datetime | None
    next_review_due: date | None


def attribution_of(revision) -> Attribution:
    """Who approved ``revision``, who confirmed it still current, and who else reviewed it in which role
    (``articles.attribution``), from its audit records: the same reads as the article page's query."""
    rows = prepared_rows("attribution_of", _attribution_query, revision=revision.pk)
    return attribution_from_rows(rows[0][0] or [], rows[0][1] or []) if rows else NO_ATTRIBUTION


def _attribution_query() -> QuerySet:
    revisions = Article._meta.get_field("published_revision").related_model.objects
    return (
        revisions.filter(pk=placeholder("revision", int))
        .annotate(**credit_lists(OuterRef("pk")))
        .values_list("transition_items", "confirmation_items")
    )


def review_status(article: Article, attribution: Attribution | None = None) -> ReviewStatus:
    """What the page says about the review; ``pending_state`` comes with ``article_for_reading``'s query,
    ``attribution`` (``attribution_of`` the published revision) from the caller when it has it."""
    revision = article.published_revision
    if hasattr(article, "pending_state"):
        pending = article.pending_state
    else:
        pending = _pending_states(article, article.published_revision_id).values_list("state", flat=True).first()
    if attribution is None:
        attribution = attribution_of(revision)
    approval = attribution.approved
    return ReviewStatus(
        approved_at=approval.at if approval else revision.decided_at or article.published_at,
        attribution=attribution,
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
    Read from ``LetterCount`` (``articles.letters``), kept in step by the approve and withdraw services, once
    per process until the listings' token changes (every approval and withdrawal renews it on commit).
    """
    return list(site_memo("letter_counts", letters.letter_counts, listings=True))


def articles_for_letter(letter: str) -> QuerySet[Article]:
    """Published articles whose address starts with ``letter``, by address (paginate it)."""
    return published_articles().filter(slug__startswith=letter.lower()).order_by("slug")


def board_members() -> QuerySet[BoardProfile]:
    return BoardProfile.objects.filter(listed=True).select_related("user")


@dataclass(frozen=True)
class ReviewedArticle:
    """A published article and what one board member did in the review of its published revision."""

    article: Article  # with its published revision
    credits: tuple[Credit, ...]  # as the article's page names them (``Attribution.credits_named_for``)


def articles_reviewed_by(profile: BoardProfile) -> list[ReviewedArticle]:
    """The published articles in whose review the member is credited, by address, in one query."""
    revisions = Article._meta.get_field("published_revision").related_model
    transitions = revisions._meta.get_field("transitions").related_model.objects
    confirmations = revisions._meta.get_field("currency_reviews").related_model.objects
    acted = transitions.filter(actor_id=profile.user_id, action__in=CREDITED_ACTIONS).values("revision_id")
    confirmed = confirmations.filter(reviewer_id=profile.user_id).values("revision_id")
    articles = (
        published_articles()
        .filter(Q(published_revision__in=acted) | Q(published_revision__in=confirmed))
        .annotate(**credit_lists(OuterRef("published_revision_id")))
        .order_by("slug")
    )
    reviewed = []
    for article in articles:
        attribution = attribution_from_rows(article.transition_items or [], article.confirmation_items or [])
        credits = attribution.credits_named_for(profile.user_id)
        if credits:
            reviewed.append(ReviewedArticle(article, credits))
    return reviewed


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
