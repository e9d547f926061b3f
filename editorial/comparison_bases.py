"""What a revision is compared with: another revision, or itself as it stood at an earlier review decision.

Reads only. A board member who requested changes needs to see what the editor changed since, not the
whole revision again: the revision as it stood at that decision is rebuilt from the history that
django-simple-history records for every revision and section (sections deleted since included), at the
time of the decision's audit record (``TransitionRecord``). Nothing new is stored.

A rebuilt revision (``RevisionAsOf``) offers what ``editorial.compare.compare_revisions`` reads from a
revision: the four texts, ``article_id`` and ``sections.all()``.

Choices travel in the page's ``against`` parameter: a revision's id, or ``decision-<record id>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.texts import REVISION_TEXT_FIELDS, SECTION_TEXT_FIELDS
from editorial import selectors
from editorial.models import Revision, Section, TransitionRecord
from editorial.rules import OPEN_STATES

# The review decisions after which a revision may still change, and what each is called in a sentence.
REVIEW_DECISIONS = {"start_review": "started the review", "request_changes": "requested changes"}
DECISION_PREFIX = "decision-"


class UnknownBase(LookupError):
    """The ``against`` choice names no revision of this article and no review decision on this revision."""


@dataclass(frozen=True)
class ReviewPoint:
    """One review decision on a revision: the moment a comparison can go back to."""

    record_id: int
    action: str
    actor_name: str
    at: datetime

    @property
    def choice(self) -> str:
        return f"{DECISION_PREFIX}{self.record_id}"

    @property
    def label(self) -> str:
        """For the chooser: "As it stood when Ada Reviewer requested changes (2025-03-04 14:02)"."""
        return f"As it stood when {self.actor_name} {REVIEW_DECISIONS[self.action]} ({_when(self.at)})"


@dataclass(frozen=True)
class SectionAsOf:
    """A section's texts and place as they stood (``pk`` is the section's, which may be deleted since)."""

    pk: int
    position: int
    heading: str
    body: str
    plain_heading: str
    plain_body: str


class SectionsAsOf(tuple):
    """The sections as they stood, in reading order; ``all()`` answers as a related manager does."""

    def all(self) -> list[SectionAsOf]:
        return list(self)


@dataclass(frozen=True)
class RevisionAsOf:
    """A revision as it stood at a review decision, rebuilt from its history."""

    revision: Revision
    point: ReviewPoint
    title: str
    plain_title: str
    headline: str
    plain_headline: str
    also_called: str
    summary: str
    plain_summary: str
    sections: SectionsAsOf

    @property
    def article_id(self) -> int:
        return self.revision.article_id

    @property
    def number(self) -> int:
        return self.revision.number

    @property
    def choice(self) -> str:
        return self.point.choice


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def review_points(revision: Revision) -> list[ReviewPoint]:
    """The review decisions on ``revision`` that its history can go back to, newest first.

    Kept on the instance for the request: the revision page asks for its default base and its choices.
    """
    cached = getattr(revision, "_review_points", None)
    if cached is not None:
        return cached
    revision._review_points = _read_review_points(revision)
    return revision._review_points


def _read_review_points(revision: Revision) -> list[ReviewPoint]:
    first_history = revision.history.order_by("history_date").values_list("history_date", flat=True).first()
    if first_history is None:
        return []
    records = (
        TransitionRecord.objects.filter(
            revision=revision, action__in=list(REVIEW_DECISIONS), created_at__gte=first_history
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    return [
        ReviewPoint(record.pk, record.action, record.actor.get_full_name() or record.actor.username, record.created_at)
        for record in records
    ]


def revision_as_of(revision: Revision, point: ReviewPoint) -> RevisionAsOf | None:
    """``revision`` as it stood at ``point``: its latest history row then, and each section's (None if none).

    A section counts when its latest history row at that moment is not a deletion. Two queries whatever
    the history's length; rows of one object are ordered by date, then id, so equal dates stay in order.
    """
    texts = (
        revision.history.filter(history_date__lte=point.at)
        .order_by("-history_date", "-history_id")
        .values(*REVISION_TEXT_FIELDS)
        .first()
    )
    if texts is None:
        return None
    rows = (
        Section.history.filter(revision_id=revision.pk, history_date__lte=point.at)
        .order_by("history_date", "history_id")
        .values("id", "history_type", "position", *SECTION_TEXT_FIELDS)
    )
    latest: dict[int, dict] = {}
    for row in rows:
        latest[row["id"]] = row
    standing = sorted((row for row in latest.values() if row["history_type"] != "-"), key=_reading_order)
    sections = SectionsAsOf(
        SectionAsOf(pk=row["id"], position=row["position"], **{name: row[name] for name in SECTION_TEXT_FIELDS})
        for row in standing
    )
    return RevisionAsOf(revision=revision, point=point, sections=sections, **texts)


def _reading_order(row: dict) -> tuple[int, int]:
    return row["position"], row["id"]  # as Section.Meta.ordering


def default_base(revision: Revision) -> Revision | RevisionAsOf | None:
    """What the revision page and the comparison show first.

    An open revision that came back after a request for changes: itself as it stood at the latest
    request (what the reviewer last saw). Otherwise the published revision, or for the published one
    itself (or before anything is published) its base (``selectors.default_comparison_base``).
    """
    if revision.state in OPEN_STATES:
        request = next((p for p in review_points(revision) if p.action == "request_changes"), None)
        if request is not None:
            rebuilt = revision_as_of(revision, request)
            if rebuilt is not None:
                return rebuilt
    return selectors.default_comparison_base(revision)


def base_from_choice(revision: Revision, choice: str | None) -> Revision | RevisionAsOf | None:
    """The base the ``against`` parameter names; the default when it names none; ``UnknownBase`` when it
    names something that is not this article's revision or a review decision on this revision."""
    choice = (choice or "").strip()
    if choice.isdigit():
        base = Revision.objects.filter(pk=int(choice), article_id=revision.article_id).first()
        if base is None:
            raise UnknownBase(choice)
        return base
    record_id = choice.removeprefix(DECISION_PREFIX)
    if choice.startswith(DECISION_PREFIX) and record_id.isdigit():
        point = next((p for p in review_points(revision) if p.record_id == int(record_id)), None)
        rebuilt = revision_as_of(revision, point) if point is not None else None
        if rebuilt is None:
            raise UnknownBase(choice)
        return rebuilt
    return default_base(revision)


def base_choice(base: Revision | RevisionAsOf | None) -> str:
    """The ``against`` value that names ``base`` ("" for nothing)."""
    if base is None:
        return ""
    return base.choice if isinstance(base, RevisionAsOf) else str(base.pk)


def describe_base(base: Revision | RevisionAsOf | None, revision: Revision) -> str:
    """What ``revision`` is compared with, as the end of "Revision 2 compared with ..."."""
    if base is None:
        return "nothing: it is the article's first revision, so everything is new"
    if isinstance(base, RevisionAsOf):
        point = base.point
        when = f"when {point.actor_name} {REVIEW_DECISIONS[point.action]} on {_when(point.at)}"
        return f"revision {base.number} as it stood {when}"
    return f"revision {base.number} ({_revision_label(base, revision)})"


def _revision_label(other: Revision, revision: Revision) -> str:
    published = ", published" if other.pk == revision.article.published_revision_id else ""
    return f"{other.get_state_display().lower()}{published}"


@dataclass(frozen=True)
class BaseChoices:
    """The chooser: this revision at its review decisions, then the article's other revisions."""

    review_points: list[tuple[str, str]]  # (against value, label)
    revisions: list[tuple[str, str]]

    def __bool__(self) -> bool:
        return bool(self.review_points or self.revisions)


def base_choices(revision: Revision) -> BaseChoices:
    """Every base the chooser offers for ``revision``."""
    others = Revision.objects.filter(article_id=revision.article_id).exclude(pk=revision.pk).order_by("-number")
    return BaseChoices(
        review_points=[(point.choice, point.label) for point in review_points(revision)],
        revisions=[
            (str(other.pk), f"Revision {other.number} ({_revision_label(other, revision)})") for other in others
        ],
    )
