"""Moving a revision through the workflow: each transition written straight through.

Every transition: lock the revision, refuse a stale page, ask the policy, move the state machine, save
with history, do what the step means (publish, supersede, unpublish), write the audit record, queue
the emails, and invalidate the public page once committed. ``_begin`` and ``_finish`` are the parts
every transition shares; what lies between is the step itself, in order, in its own function.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from articles import letters
from articles.invalidation import retire_article_on_commit
from articles.models import Article
from articles.search import index_article, unindex_article
from ask.passages import index_article_passages, unindex_article_passages
from core import events
from core.history import save_with_history
from core.texts import revision_texts
from editorial import notifications, permissions, quality
from editorial.errors import (
    NO_SUCH_TRANSITION_MESSAGE,
    RETRACTED_SOURCE_APPROVE_MESSAGE,
    UNKNOWN_WITHDRAWAL_REASON_MESSAGE,
    EvidenceError,
    OpenThreadsError,
    UnknownCitationError,
    UnknownWithdrawalReasonError,
    WrongStateError,
)
from editorial.models import CitedReference, ReviewComment, Revision, TransitionRecord
from editorial.rules import RULES, State, WithdrawalReason
from editorial.selectors import open_threads, unknown_citation_keys
from editorial.services.common import lock_revision, record, refuse_stale
from editorial.services.desk import next_review_due
from editorial.services.evidence import resolve_retraction_flags
from references.citations import cited_keys
from references.models import Reference, reference_snapshot


def _begin(*, actor, revision: Revision, action: str, comment: str, expected_version: int | None) -> Revision:
    """Lock the revision, refuse a stale page, and ask the policy: the first steps of every transition."""
    locked = lock_revision(revision.pk)
    refuse_stale(locked, expected_version)
    permissions.check(actor, action, locked, comment=comment)
    return locked


def _save(locked: Revision, *, actor, action: str, comment: str) -> None:
    """Save the moved revision with a new version and a history row naming the step and why."""
    locked.version += 1
    label = RULES[action].label
    save_with_history(locked, actor=actor, reason=f"{label}: {comment}" if comment else label)


def _finish(
    locked: Revision, *, actor, action: str, from_state: str, comment: str, note: str = "", reason_category: str = ""
) -> TransitionRecord:
    """Record the step, queue its emails, and retire the public page once committed: the last steps."""
    audit = record(
        revision=locked,
        action=action,
        from_state=from_state,
        actor=actor,
        comment=f"{comment}\n\n{note}".strip() if note else comment,
        reason_category=reason_category,
    )
    notifications.notify_transition(revision=locked, action=action, actor=actor, comment=comment)
    # Every step can change the public page (published text, "an update is under review").
    retire_article_on_commit(locked.article_id)  # the page caches and the proxy, once committed
    return audit


def revision_submit(*, actor, revision: Revision, comment: str = "", expected_version: int | None = None) -> Revision:
    """Send a draft to the board; every citation must name a reference in the library, and the evidence
    must pass ``editorial.quality.check_submittable``."""
    comment = comment.strip()
    with transaction.atomic():
        locked = _begin(
            actor=actor, revision=revision, action="submit", comment=comment, expected_version=expected_version
        )
        from_state = locked.state
        unknown = unknown_citation_keys(locked)
        if unknown:
            raise UnknownCitationError(unknown)
        quality.check_submittable(locked)  # grades valid in the scheme, no unmarked retracted source, ...
        locked.submit()
        _save(locked, actor=actor, action="submit", comment=comment)
        _finish(locked, actor=actor, action="submit", from_state=from_state, comment=comment)
    return locked


def _step(*, actor, revision: Revision, action: str, move, comment: str, expected_version: int | None) -> Revision:
    """A transition that only moves the state: begin, move, save, finish (submit, approve, withdraw do more)."""
    comment = comment.strip()
    with transaction.atomic():
        locked = _begin(
            actor=actor, revision=revision, action=action, comment=comment, expected_version=expected_version
        )
        from_state = locked.state
        move(locked)
        _save(locked, actor=actor, action=action, comment=comment)
        _finish(locked, actor=actor, action=action, from_state=from_state, comment=comment)
    return locked


def revision_recall(*, actor, revision: Revision, comment: str = "", expected_version: int | None = None) -> Revision:
    """The author takes a submitted revision back to draft."""
    return _step(
        actor=actor,
        revision=revision,
        action="recall",
        move=Revision.recall,
        comment=comment,
        expected_version=expected_version,
    )


def revision_start_review(
    *, actor, revision: Revision, comment: str = "", expected_version: int | None = None
) -> Revision:
    """A board member takes a submitted revision under review."""
    return _step(
        actor=actor,
        revision=revision,
        action="start_review",
        move=Revision.start_review,
        comment=comment,
        expected_version=expected_version,
    )


def revision_request_changes(
    *, actor, revision: Revision, comment: str, expected_version: int | None = None
) -> Revision:
    """A board member sends the revision back to its editors, saying why."""
    return _step(
        actor=actor,
        revision=revision,
        action="request_changes",
        move=Revision.request_changes,
        comment=comment,
        expected_version=expected_version,
    )


def revision_reject(*, actor, revision: Revision, comment: str, expected_version: int | None = None) -> Revision:
    """A board member ends the revision for good, saying why."""
    return _step(
        actor=actor,
        revision=revision,
        action="reject",
        move=Revision.reject,
        comment=comment,
        expected_version=expected_version,
    )


def revision_approve(
    *,
    actor,
    revision: Revision,
    comment: str = "",
    expected_version: int | None = None,
    confirm_open_threads: bool = False,
    full_review: bool = False,
) -> Revision:
    """Publish the revision and supersede the previously approved one, in one transaction.

    Open review threads block approval unless the approver confirms them; the confirmation and the
    list of open threads go into the approval's audit record. The first publication starts the review
    cycle; a later approval moves the review dates only with ``full_review`` (the approver re-reviewed
    the whole article): a small edit must not reset "last reviewed".
    """
    comment = comment.strip()
    with transaction.atomic():
        locked = _begin(
            actor=actor, revision=revision, action="approve", comment=comment, expected_version=expected_version
        )
        from_state = locked.state
        threads = open_threads(locked)
        if threads and not confirm_open_threads:
            raise OpenThreadsError(len(threads))
        retracted = quality.unmarked_retracted_keys(locked)  # retracted after the submit checked it
        if retracted:
            keys = ", ".join(f"[@{key}]" for key in retracted)
            raise EvidenceError(RETRACTED_SOURCE_APPROVE_MESSAGE.format(keys=keys))
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        # The revision's row lock serialises approvals: each sees every approval committed before it.
        approvers = permissions.approvals_this_round(locked)
        if len(approvers) + 1 < article.approvals_required:
            _count_toward_quorum(locked, actor=actor, comment=comment, count=len(approvers) + 1, article=article)
            return locked
        newly_public = article.published_revision_id is None
        if not newly_public:  # before saving this one as Approved: at most one approved revision per article
            _supersede(actor=actor, revision_pk=article.published_revision_id, by=locked)
        locked.approve()
        _save(locked, actor=actor, action="approve", comment=comment)
        pin_cited_references(locked)
        resolve_retraction_flags(actor=actor, article_id=article.pk, by=locked)  # the notices go with it
        now = timezone.now()
        article.published_revision = locked
        article.published_at = now
        review_note = ""
        if full_review or article.last_reviewed_at is None:
            article.last_reviewed_at = now
            article.next_review_due = next_review_due(now, article.review_interval_months)
            review_note = f"Full review: next review due {article.next_review_due:%Y-%m-%d}."
        save_with_history(article, actor=actor, reason=f"Published revision {locked.number}")
        index_article(article, locked)  # same transaction: search never lags or leads the public page
        if newly_public:
            letters.count_in(article.slug)  # and the A to Z index
        quorum_note = quorum_met_note(len(approvers) + 1, article.approvals_required)
        deadline_note = safety_deadline_note(locked, now)
        note = "\n\n".join(filter(None, [quorum_note, deadline_note, review_note, open_threads_note(threads)]))
        audit = _finish(locked, actor=actor, action="approve", from_state=from_state, comment=comment, note=note)
        index_article_passages(article, locked)  # the question box quotes this revision, from this commit on
        events.public_change(source=events.TRANSITION, pk=audit.pk)  # partners' webhooks, queued with the step
    return locked


def revision_withdraw(
    *,
    actor,
    revision: Revision,
    comment: str,
    expected_version: int | None = None,
    reason_category: str = WithdrawalReason.OTHER,
) -> Revision:
    """Take the article off the public site (the editor-in-chief, with a reason and its category).

    The category (``WithdrawalReason``) is what partners are told in the change feed's tombstone; the
    comment stays in the private audit trail."""
    comment = comment.strip()
    if reason_category not in WithdrawalReason.values:
        raise UnknownWithdrawalReasonError(UNKNOWN_WITHDRAWAL_REASON_MESSAGE)
    with transaction.atomic():
        locked = _begin(
            actor=actor, revision=revision, action="withdraw", comment=comment, expected_version=expected_version
        )
        from_state = locked.state
        locked.withdraw()
        _save(locked, actor=actor, action="withdraw", comment=comment)
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        if article.published_revision_id == locked.pk:
            article.published_revision = None
            save_with_history(article, actor=actor, reason=f"Withdrawn: {comment}")
            unindex_article(article)
            unindex_article_passages(article)  # and the question box no longer quotes it
            letters.count_out(article.slug)
        audit = _finish(
            locked,
            actor=actor,
            action="withdraw",
            from_state=from_state,
            comment=comment,
            reason_category=reason_category,
        )
        if from_state == State.APPROVED:  # only a public revision's withdrawal is a public change
            events.public_change(source=events.TRANSITION, pk=audit.pk)
    return locked


def _count_toward_quorum(locked: Revision, *, actor, comment: str, count: int, article: Article) -> None:
    """One board member's approval short of the quorum: recorded, the revision stays under review, unchanged.

    No history row and no new version: the text and its state are as they were, so the next approver's page is
    not stale. The record (``quorum_approve``, under review to under review) is the approval.
    """
    note = f"Approval {count} of {article.approvals_required}: the revision publishes when the quorum is met."
    record(
        revision=locked,
        action=permissions.QUORUM_APPROVE,
        from_state=locked.state,
        actor=actor,
        comment=f"{comment}\n\n{note}".strip(),
    )
    locked.__dict__.pop("_board_approvers", None)  # the policy's answer for this request is out of date now


def quorum_met_note(count: int, required: int) -> str:
    return f"Approval {count} of {required}: quorum met." if required > 1 else ""


def safety_deadline_note(revision: Revision, now) -> str:
    """The audit text for publishing a safety update: its deadline, met or missed."""
    if revision.safety_due_at is None:
        return ""
    verdict = "met" if now <= revision.safety_due_at else "missed"
    category = revision.get_safety_category_display()
    return f"Safety update ({category}): deadline {revision.safety_due_at:%Y-%m-%d %H:%M} UTC {verdict}."


def _supersede(*, actor, revision_pk: int, by: Revision) -> None:
    """The system's step: the previously approved revision gives way to ``by``."""
    previous = lock_revision(revision_pk)
    previous.supersede()
    reason = f"Superseded by revision {by.number}"
    save_with_history(previous, actor=actor, reason=reason)
    record(revision=previous, action="supersede", from_state=State.APPROVED, actor=actor, comment=reason)


def pin_cited_references(revision: Revision) -> None:
    """Record the exact version of every reference the approved revision cites."""
    keys = cited_keys(revision_texts(revision))
    for reference in Reference.objects.filter(key__in=keys):
        latest = reference.history.order_by("-history_id").first()
        CitedReference.objects.create(
            revision=revision,
            reference=reference,
            key=reference.key,
            snapshot=reference_snapshot(reference),
            history_id=latest.history_id if latest else None,
        )


def open_threads_note(threads: Sequence[ReviewComment]) -> str:
    """The audit text for approving with open threads: the confirmation and each open thread."""
    if not threads:
        return ""
    lines = [f"Approved with {len(threads)} open comment thread(s), confirmed by the approver:"]
    for thread in threads:
        where = f" on “{thread.section_heading}”" if thread.section_heading else ""
        lines.append(f"- #{thread.pk} by {thread.author}{where}: {thread.body[:200]}")
    return "\n".join(lines)


TRANSITION_SERVICES = {
    "submit": revision_submit,
    "recall": revision_recall,
    "start_review": revision_start_review,
    "request_changes": revision_request_changes,
    "reject": revision_reject,
    "approve": revision_approve,
    "withdraw": revision_withdraw,
}


def revision_transition(
    *,
    actor,
    revision: Revision,
    action: str,
    comment: str = "",
    expected_version: int | None = None,
    confirm_open_threads: bool = False,
    full_review: bool = False,
    reason_category: str = WithdrawalReason.OTHER,
) -> Revision:
    """Route a button or a command line to the service for ``action``."""
    if action not in TRANSITION_SERVICES:
        raise WrongStateError(NO_SUCH_TRANSITION_MESSAGE.format(action=action))
    extra = {"confirm_open_threads": confirm_open_threads, "full_review": full_review} if action == "approve" else {}
    if action == "withdraw":
        extra = {"reason_category": reason_category}
    return TRANSITION_SERVICES[action](
        actor=actor, revision=revision, comment=comment, expected_version=expected_version, **extra
    )
