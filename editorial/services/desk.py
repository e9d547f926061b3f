"""The review desk: comment threads, assigning a reviewer, confirming that an article is current."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.invalidation import retire_article_on_commit
from articles.models import Article
from ask.passages import index_article_passages
from core import events
from core.history import save_with_history
from editorial import notifications, permissions
from editorial.errors import COMMENT_EMPTY_MESSAGE, CONFIRM_COMMENT_MESSAGE, CommentError, CommentRequiredError
from editorial.models import ArticleReview, ReviewAssignment, ReviewComment, Revision, Section
from editorial.selectors import open_threads
from editorial.services.common import lock_revision, record


def next_review_due(reviewed_at, months: int):
    """The date a review taken at ``reviewed_at`` falls due again, ``months`` later."""
    return (reviewed_at + timedelta(days=round(months * 365.25 / 12))).date()


def review_comment_add(
    *,
    actor,
    revision: Revision,
    body: str,
    section: Section | None = None,
    quote: str = "",
    parent: ReviewComment | None = None,
) -> ReviewComment:
    """Start a thread (board members) on the revision or one section, or reply to one (board, editors)."""
    body = body.strip()
    if not body:
        raise CommentError(COMMENT_EMPTY_MESSAGE)
    with transaction.atomic():
        locked = lock_revision(revision.pk)
        if parent is not None:  # a reply to a reply joins the thread's root
            parent = ReviewComment.objects.get(pk=parent.pk)
            parent = ReviewComment.objects.get(pk=parent.parent_id) if parent.parent_id else parent
            if parent.revision_id != locked.pk:
                raise CommentError("That thread belongs to another revision.")
        permissions.check(actor, "reply" if parent is not None else "comment", locked)
        if section is not None and section.revision_id != locked.pk:
            raise CommentError("That section belongs to another revision.")
        if parent is not None:
            section, quote = parent.section, ""
        comment = ReviewComment(
            revision=locked,
            section=section,
            section_heading=(parent.section_heading if parent else section.heading if section else ""),
            quote=quote.strip(),
            parent=parent,
            author=actor,
            body=body,
        )
        comment.full_clean()
        save_with_history(comment, actor=actor, reason="Reply" if parent else "Comment")
        notifications.notify_comment(comment=comment, actor=actor)
    return comment


def review_comment_resolve(*, actor, comment: ReviewComment) -> ReviewComment:
    """Resolve a thread (its author, an editor, or a board member while the revision is open)."""
    with transaction.atomic():
        # The revision first, as approval locks it before reading the open threads: a thread is never
        # resolved while an approval that lists it as open is being written, and the state asked is current.
        revision = lock_revision(comment.revision_id)
        thread = ReviewComment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
        thread.revision = revision
        permissions.check(actor, "resolve", thread)
        thread.resolved_at = timezone.now()
        thread.resolved_by = actor
        save_with_history(thread, actor=actor, reason="Resolved")
    return thread


def carry_open_threads(*, actor, source: Revision, target: Revision) -> None:
    """Continue the open threads of ``source`` on the new revision ``target`` (sections matched by position).

    ``target``'s sections are copies of ``source``'s in the same order, so position maps one to the other.
    """
    threads = open_threads(source)
    if not threads:
        return
    source_positions = {section.pk: index for index, section in enumerate(source.sections.all())}
    target_sections = list(target.sections.all())
    reason = f"Carried from revision {source.number}"
    for thread in threads:
        index = source_positions.get(thread.section_id)
        section = target_sections[index] if index is not None and index < len(target_sections) else None
        carried = ReviewComment(
            revision=target,
            section=section,
            section_heading=thread.section_heading,
            quote=thread.quote,
            author=thread.author,
            body=thread.body,
            created_at=thread.created_at,
            carried_from=thread,
        )
        carried.full_clean()
        save_with_history(carried, actor=actor, reason=reason)
        for reply in thread.replies.order_by("created_at", "pk"):
            copy = ReviewComment(
                revision=target,
                section=section,
                section_heading=reply.section_heading,
                parent=carried,
                author=reply.author,
                body=reply.body,
                created_at=reply.created_at,
            )
            copy.full_clean()
            save_with_history(copy, actor=actor, reason=reason)


def revision_assign(*, actor, revision: Revision, reviewer) -> ReviewAssignment:
    """The editor-in-chief asks one board member (who may review it) to review a revision in review.

    The assignment owns the fact; the audit trail records it as an event ("assign", the state unchanged).
    """
    with transaction.atomic():
        locked = lock_revision(revision.pk)
        permissions.check(actor, "assign", locked, reviewer=reviewer)
        assignment = ReviewAssignment.objects.create(revision=locked, reviewer=reviewer, assigned_by=actor)
        name = reviewer.get_full_name() or reviewer.username
        record(revision=locked, action="assign", from_state=locked.state, actor=actor, comment=f"Assigned to {name}")
        notifications.notify_assignment(revision=locked, reviewer=reviewer, actor=actor)
    return assignment


def article_confirm_current(*, actor, article: Article, comment: str) -> ArticleReview:
    """Record that a board member re-reviewed the approved revision and found it still current.

    Moves ``last_reviewed_at`` and ``next_review_due`` only: the approved revision and ``published_at``
    (what readers see as "last updated") stay as they were.
    """
    comment = comment.strip()
    if not comment:
        raise CommentRequiredError(CONFIRM_COMMENT_MESSAGE)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        permissions.check(actor, "confirm_current", locked)
        now = timezone.now()
        locked.last_reviewed_at = now
        locked.next_review_due = next_review_due(now, locked.review_interval_months)
        save_with_history(locked, actor=actor, reason=f"Confirmed current: {comment}")
        review = ArticleReview(
            article=locked,
            revision_id=locked.published_revision_id,
            reviewer=actor,
            comment=comment,
            reviewed_at=now,
            next_review_due=locked.next_review_due,
        )
        review.full_clean()
        save_with_history(review, actor=actor, reason="Confirmed current")
        index_article_passages(locked, locked.published_revision)  # the box's passages, written afresh
        events.public_change(source=events.REVIEW, pk=review.pk)  # partners' webhooks, queued with the step
        retire_article_on_commit(locked.pk)
    return review


def article_set_review_interval(*, actor, article: Article, months: int) -> Article:
    """The editor-in-chief sets how often the board re-reviews an article (the next due date stays)."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        permissions.check(actor, "change", locked)
        locked.review_interval_months = months
        locked.full_clean()
        save_with_history(locked, actor=actor, reason="Review interval changed")
    return locked
