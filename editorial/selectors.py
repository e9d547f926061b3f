"""Reads about revisions, the review desk and the references they cite (writes live in ``services/``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from core.texts import REVISION_TEXT_FIELDS, SECTION_TEXT_FIELDS, revision_texts
from editorial import permissions
from editorial.models import (
    AttachedReference,
    CitedReference,
    RetractionFlag,
    ReviewAssignment,
    ReviewComment,
    Revision,
    TransitionRecord,
)
from editorial.rules import OPEN_STATES, Role, SafetyCategory, State, remember_roles
from references.citations import cited_keys
from references.models import Reference, reference_snapshot


@dataclass(frozen=True)
class OutdatedCitation:
    key: str
    reference: Reference
    pinned: dict  # what the approved revision shows
    current: dict  # what the library holds now
    changed_fields: list[str]


def outdated_citations(revision: Revision) -> list[OutdatedCitation]:
    """References this approved revision pinned that have been corrected since (a new revision publishes them)."""
    pins = CitedReference.objects.filter(revision=revision).select_related("reference").order_by("key")
    outdated = []
    for pin in pins:
        current = reference_snapshot(pin.reference)
        # A field an older pin lacks (study_design, added later) is not a correction of that pin.
        changed = [name for name, value in current.items() if name in pin.snapshot and pin.snapshot[name] != value]
        if changed:
            outdated.append(OutdatedCitation(pin.key, pin.reference, pin.snapshot, current, changed))
    return outdated


def revision_bibliography(revision: Revision) -> list[dict]:
    """The references a revision cites, in order of first citation: pinned versions once approved."""
    keys = cited_keys(revision_texts(revision))
    pins = {pin.key: pin.snapshot for pin in CitedReference.objects.filter(revision=revision)}
    if pins:
        return [pins[key] for key in keys if key in pins]
    live = {reference.key: reference for reference in Reference.objects.filter(key__in=keys)}
    return [reference_snapshot(live[key]) for key in keys if key in live]


def open_revisions_citing(reference: Reference) -> list[Revision]:
    """Revisions still being written or reviewed whose text cites ``reference``."""
    needle = f"@{reference.key}"
    text_match = Q()
    for name in REVISION_TEXT_FIELDS:
        text_match |= Q(**{f"{name}__contains": needle})
    for name in SECTION_TEXT_FIELDS:
        text_match |= Q(**{f"sections__{name}__contains": needle})
    candidates = Revision.objects.filter(text_match, state__in=OPEN_STATES).distinct().select_related("article")
    return [
        revision
        for revision in candidates.order_by("article__slug", "number")
        if reference.key in cited_keys(revision_texts(revision))
    ]


def uncited_attached_references(revision: Revision) -> list[Reference]:
    """References attached to the revision's bibliography that its text does not cite (flagged to editors)."""
    cited = set(cited_keys(revision_texts(revision)))
    attachments = AttachedReference.objects.filter(revision=revision).select_related("reference")
    return [a.reference for a in attachments.order_by("reference__key") if a.reference.key not in cited]


def unknown_citation_keys(revision: Revision) -> list[str]:
    """Keys the revision cites that name no reference in the library (submit refuses them)."""
    keys = cited_keys(revision_texts(revision))
    known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in known]


# ---------------------------------------------------------------------------------------------
# The review desk


def open_threads(revision: Revision) -> list[ReviewComment]:
    """Unresolved root comments of a revision, oldest first."""
    return list(
        ReviewComment.objects.filter(revision=revision, parent__isnull=True, resolved_at__isnull=True)
        .select_related("author", "section")
        .order_by("created_at", "pk")
    )


def thread_list(revision: Revision, user) -> list[ReviewComment]:
    """Root comments with their replies, open threads first; each carries what ``user`` may do."""
    comments = list(
        ReviewComment.objects.filter(revision=revision)
        .select_related("author", "resolved_by", "carried_from__revision")
        .order_by("created_at", "pk")
    )
    roots = [c for c in comments if c.parent_id is None]
    may_reply = permissions.allowed(user, "reply", revision)
    for root in roots:
        root.revision = revision  # the policy asks the revision's state for each thread: no query per thread
        root.thread_replies = [c for c in comments if c.parent_id == root.pk]
        root.may_resolve = permissions.allowed(user, "resolve", root)
        root.may_reply = may_reply
    return sorted(roots, key=lambda c: (c.resolved_at is not None, c.created_at, c.pk))


def last_content_editor(revision: Revision):
    """Who last changed the revision's content (its texts, sections or bibliography), from its history.

    State moves also write revision history rows (by board members); only rows that change a text or the
    change note count, so a reviewer's decision never makes them "the editor".
    """
    changes = []  # (history_date, user id): the latest content change of each kind
    fields = (*REVISION_TEXT_FIELDS, "change_note")
    previous = last_text_change = None
    for row in revision.history.order_by("history_date", "history_id").values(
        "history_date", "history_user_id", *fields
    ):
        texts = tuple(row[name] for name in fields)
        if texts != previous:
            last_text_change = (row["history_date"], row["history_user_id"])
        previous = texts
    if last_text_change is not None:
        changes.append(last_text_change)
    for model in (revision.sections.model, AttachedReference):
        latest = (
            model.history.filter(revision_id=revision.pk)
            .order_by("-history_date", "-history_id")
            .values_list("history_date", "history_user_id")
            .first()
        )
        if latest is not None:
            changes.append(latest)
    user_ids = [user_id for _, user_id in sorted(changes, key=lambda change: change[0]) if user_id is not None]
    if not user_ids:
        return None
    return get_user_model().objects.filter(pk=user_ids[-1], is_active=True).first()


def revision_editors(revision: Revision) -> list:
    """Who answers for a revision's text: its author, and whoever last changed its content if someone else."""
    editors = [revision.author]
    last = last_content_editor(revision)
    if last is not None and last.pk != revision.author_id:
        editors.append(last)
    return editors


def current_assignment(revision: Revision) -> ReviewAssignment | None:
    return revision.assignments.select_related("reviewer").first()


def current_assignments(revision_ids) -> dict[int, ReviewAssignment]:
    """The current assignment (the latest) of each of these revisions that has one: one query for a page."""
    found: dict[int, ReviewAssignment] = {}
    rows = ReviewAssignment.objects.filter(revision_id__in=list(revision_ids)).select_related("reviewer")
    for assignment in rows.order_by("revision_id", "-assigned_at", "-id"):
        found.setdefault(assignment.revision_id, assignment)
    return found


def latest_decision(revision: Revision) -> TransitionRecord | None:
    """The latest time the board sent ``revision`` back (request changes) or rejected it, with the reason."""
    return (
        revision.transitions.filter(action__in=("request_changes", "reject"))
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )


def open_revision(article: Article) -> Revision | None:
    """The article's revision still on its way to a decision (at most one), which blocks starting another."""
    return Revision.objects.filter(article=article, state__in=OPEN_STATES).first()


def board_members() -> list:
    """The active members of the Advisory Board group, by id (emails go only to those with an address)."""
    User = get_user_model()
    members = list(
        User.objects.filter(groups__name=Role.BOARD, is_active=True)
        .distinct()
        .order_by("pk")
        .prefetch_related("groups")
    )
    for member in members:  # the policy asks each one's roles: answered from the prefetch
        remember_roles(member, [group.name for group in member.groups.all()])
    return members


def assignable_reviewers(revision: Revision) -> list:
    """The board members the editor-in-chief may assign ``revision`` to (the policy decides who)."""
    return permissions.assignable_reviewers(revision, board_members())


def default_comparison_base(revision: Revision) -> Revision | None:
    """The published revision; for the published one itself (or before anything is published), its base."""
    published_id = revision.article.published_revision_id
    if published_id and published_id != revision.pk:
        return Revision.objects.get(pk=published_id)
    if revision.based_on_id:
        return revision.based_on
    return Revision.objects.filter(article_id=revision.article_id, number__lt=revision.number).first()


def articles_due_for_review(*, within_days: int = 30, today=None) -> list[Article]:
    """Published articles overdue (first, most overdue first), then those due within ``within_days``."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    articles = list(
        Article.objects.filter(published_revision__isnull=False, next_review_due__lte=horizon)
        .select_related("published_revision")
        .order_by("next_review_due", "slug")
    )
    for article in articles:
        article.is_overdue = article.next_review_due < today
        article.days_left = (article.next_review_due - today).days
        article.days_overdue = max(-article.days_left, 0)
    return articles


def retraction_queue():
    """The "sources retracted" queue: flags awaiting the board's notice first, then those shown to readers."""
    return (
        RetractionFlag.objects.exclude(status=RetractionFlag.Status.RESOLVED)
        .select_related("article", "revision", "reference", "notice_approved_by")
        .order_by("status", "-created_at")
    )


# ---------------------------------------------------------------------------------------------
# The board's rules (issue 18): quorums, disclosures due, safety deadlines.

DISCLOSURE_DUE_WITHIN_DAYS = 30
# Revisions that were published (the current one, or one a newer approval replaced).
PUBLISHED_ONCE_STATES = (State.APPROVED, State.SUPERSEDED)


def quorum_progress(revision: Revision) -> dict:
    """How many approvals ``revision``'s article needs, and who approved it so far in this round (names)."""
    required, approver_ids = permissions.quorum_progress_ids(revision)
    users = get_user_model().objects.in_bulk(approver_ids) if approver_ids else {}
    names = [users[pk].get_full_name() or users[pk].username for pk in approver_ids if pk in users]
    return {"required": required, "approvers": names}


def disclosures_due(*, today=None) -> list[dict]:
    """Board members whose disclosure has lapsed, lapses within 30 days, or was never filed: most urgent first."""
    today = today or timezone.localdate()
    rows = []
    for member in board_members():
        disclosure = permissions.latest_disclosure(member)
        if disclosure is None:
            rows.append({"member": member, "disclosure": None, "status": "none on file", "order": (0, today)})
            continue
        until = disclosure.valid_until
        if until <= today + timedelta(days=DISCLOSURE_DUE_WITHIN_DAYS):
            status = "lapsed" if until < today else "due"  # shown as "lapsed 2026-..." or "due 2026-..."
            rows.append({"member": member, "disclosure": disclosure, "status": status, "order": (1, until)})
    return sorted(rows, key=lambda row: row["order"])


def safety_deadlines(*, now=None) -> dict:
    """Safety updates by deadline: still open (soonest first, overdue marked), and decided ones met or missed."""
    now = now or timezone.now()
    marked = Revision.objects.filter(safety_due_at__isnull=False).select_related("article")
    open_updates = list(marked.filter(state__in=OPEN_STATES).order_by("safety_due_at", "pk"))
    for revision in open_updates:
        revision.is_overdue = revision.safety_due_at < now
    published = list(marked.filter(state__in=PUBLISHED_ONCE_STATES).order_by("-decided_at", "-pk"))
    return {
        "open": open_updates,
        "met": [revision for revision in published if revision.decided_at <= revision.safety_due_at],
        "missed": [revision for revision in published if revision.decided_at > revision.safety_due_at],
    }


def overdue_safety_updates(*, now=None) -> list[Revision]:
    """Safety updates past their deadline and not yet published (the editor-in-chief is emailed once each)."""
    now = now or timezone.now()
    return list(
        Revision.objects.filter(state__in=OPEN_STATES, safety_due_at__lt=now)
        .select_related("article")
        .order_by("safety_due_at", "pk")
    )


def whats_new_revisions() -> list[Revision]:
    """Approved practice-changing updates, newest first (withdrawn ones are gone from the site)."""
    return list(
        Revision.objects.filter(state__in=PUBLISHED_ONCE_STATES, safety_category=SafetyCategory.PRACTICE_CHANGING)
        .select_related("article")
        .order_by("-decided_at", "-pk")
    )
