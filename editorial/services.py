"""The only way to write editorial content or move a revision through the workflow.

Every function is keyword-only with ``actor`` first, runs in one transaction, checks permission itself
(the admin is not the guard), locks the rows it changes, records history with the actor and the reason,
and writes a ``TransitionRecord`` for every workflow step. Admin views, management commands and tests
all call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import letters
from articles.invalidation import invalidate_article
from articles.models import Article
from articles.search import index_article, unindex_article
from editorial import notifications, rules
from editorial.models import (
    ArticleReview,
    AttachedReference,
    CitedReference,
    ReviewAssignment,
    ReviewComment,
    Revision,
    Section,
    TransitionRecord,
)
from editorial.rules import OPEN_STATES, RULES, State
from references.citations import cited_keys
from references.models import Reference, reference_snapshot

SECTION_FIELDS = ("heading", "body", "plain_heading", "plain_body")


def revision_texts(revision: Revision) -> list[str]:
    """Every Markdown text of a revision, both registers, in reading order."""
    texts = [revision.title, revision.plain_title, revision.summary, revision.plain_summary]
    for section in revision.sections.all():
        texts += [section.heading, section.body, section.plain_heading, section.plain_body]
    return texts


def unknown_citation_keys(revision: Revision) -> list[str]:
    keys = cited_keys(revision_texts(revision))
    known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in known]


def _save_with_history(instance, *, actor, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = reason[:100]
    instance.save()


def _record(*, revision: Revision, action: str, from_state: str, actor, comment: str) -> TransitionRecord:
    return TransitionRecord.objects.create(
        revision=revision,
        article_id=revision.article_id,
        action=action,
        from_state=from_state,
        to_state=revision.state,
        actor=actor,
        comment=comment,
    )


def _lock(revision: Revision) -> Revision:
    return Revision.objects.select_for_update().get(pk=revision.pk)


def _write_sections(*, actor, revision: Revision, sections: Sequence[dict], reason: str) -> None:
    """Make the revision's sections match ``sections`` (dicts with SECTION_FIELDS and optional id)."""
    existing = {section.pk: section for section in revision.sections.all()}
    kept: set[int] = set()
    for position, data in enumerate(sections, start=1):
        section = existing.get(data.get("id")) or Section(revision=revision)
        changed = section.pk is None or section.position != position
        section.position = position
        for field in SECTION_FIELDS:
            value = data.get(field, "")
            changed |= getattr(section, field) != value
            setattr(section, field, value)
        section.full_clean()
        if changed:
            _save_with_history(section, actor=actor, reason=reason)
        kept.add(section.pk)
    for pk, section in existing.items():
        if pk not in kept:
            section._history_user = actor
            section._change_reason = reason[:100]
            section.delete()


# ---------------------------------------------------------------------------------------------
# Writing content


def article_create(
    *, actor, slug: str, title: str, summary: str, change_note: str = "", sections: Sequence[dict] = (), **fields
) -> Revision:
    """Create an article and its first draft revision."""
    rules.check_may_write(actor)
    with transaction.atomic():
        article = Article(slug=slug)
        article.full_clean()
        _save_with_history(article, actor=actor, reason="Article created")
        revision = Revision(
            article=article,
            number=1,
            title=title,
            summary=summary,
            change_note=change_note or "First draft.",
            author=actor,
            **fields,
        )
        revision.full_clean(exclude=["state"])
        _save_with_history(revision, actor=actor, reason="Revision 1 created")
        _write_sections(actor=actor, revision=revision, sections=sections, reason="Revision 1 created")
        _record(revision=revision, action="create", from_state="", actor=actor, comment=revision.change_note)
    return revision


def revision_check_fresh(*, revision_pk: int, expected_version: int) -> Revision:
    """Lock the revision and refuse if someone saved it since ``expected_version`` was read."""
    locked = Revision.objects.select_for_update().get(pk=revision_pk)
    if locked.version != expected_version:
        raise rules.StaleRevisionError(rules.STALE_MESSAGE.format(expected=expected_version, actual=locked.version))
    return locked


def revision_edit(
    *, actor, revision: Revision, expected_version: int, sections: Sequence[dict] | None = None, **changes
) -> Revision:
    """Change a draft's fields (and optionally its sections), refusing stale or frozen revisions."""
    rules.check_may_write(actor)
    with transaction.atomic():
        locked = revision_check_fresh(revision_pk=revision.pk, expected_version=expected_version)
        rules.check_editable(locked)
        for field, value in changes.items():
            if field not in {"title", "plain_title", "summary", "plain_summary", "change_note"}:
                raise ValueError(f"{field} is not an editable revision field.")
            setattr(locked, field, value)
        locked.full_clean(exclude=["state"])
        locked.version += 1
        reason = f"Edited: {locked.change_note}" if locked.change_note else "Edited"
        _save_with_history(locked, actor=actor, reason=reason)
        if sections is not None:
            _write_sections(actor=actor, revision=locked, sections=sections, reason=reason)
    return locked


def revision_start_new(*, actor, article: Article, change_note: str = "") -> Revision:
    """Start a new draft as a copy of the article's approved (or latest) revision."""
    rules.check_may_write(actor)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        revisions = Revision.objects.filter(article=article)
        open_revision = revisions.filter(state__in=OPEN_STATES).first()
        if open_revision is not None:
            raise rules.OpenRevisionExistsError(
                rules.OPEN_REVISION_EXISTS_MESSAGE.format(
                    number=open_revision.number, state=open_revision.get_state_display().lower()
                )
            )
        base = article.published_revision or revisions.order_by("-number").first()
        number = (revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = Revision(
            article=article,
            number=number,
            author=actor,
            based_on=base,
            title=base.title if base else "",
            plain_title=base.plain_title if base else "",
            summary=base.summary if base else "",
            plain_summary=base.plain_summary if base else "",
            change_note=change_note,
        )
        reason = f"Revision {number} started" + (f" from revision {base.number}" if base else "")
        _save_with_history(revision, actor=actor, reason=reason)
        if base is not None:
            copies = [{field: getattr(s, field) for field in SECTION_FIELDS} for s in base.sections.all()]
            _write_sections(actor=actor, revision=revision, sections=copies, reason=reason)
            for attachment in base.attached_references.all():  # the bibliography travels with the text
                copy = AttachedReference(revision=revision, reference_id=attachment.reference_id, added_by=actor)
                _save_with_history(copy, actor=actor, reason=reason)
            _carry_open_threads(actor=actor, source=base, target=revision)
        _record(revision=revision, action="create", from_state="", actor=actor, comment=change_note or reason)
    return revision


# ---------------------------------------------------------------------------------------------
# Moving through the workflow


def _transition(
    *,
    actor,
    revision: Revision,
    action: str,
    comment: str = "",
    expected_version: int | None = None,
    before_save=None,
    after_save=None,
    audit_note=None,
) -> Revision:
    """Lock, check, move, save with history, record; ``before_save``/``after_save`` add the side effects.

    ``expected_version`` (from the page the actor acted on) turns a decision taken on a page that
    has since changed into a conflict instead of a silent decision about something else.
    """
    comment = comment.strip()
    with transaction.atomic():
        locked = _lock(revision)
        if expected_version is not None and locked.version != expected_version:
            raise rules.StaleRevisionError(rules.STALE_MESSAGE.format(expected=expected_version, actual=locked.version))
        rules.check_transition(actor, action, locked, comment)
        from_state = locked.state
        getattr(locked, action)()
        locked.version += 1
        if before_save is not None:
            before_save(locked)
        label = RULES[action].label
        _save_with_history(locked, actor=actor, reason=f"{label}: {comment}" if comment else label)
        if after_save is not None:
            after_save(locked)
        note = audit_note(locked) if audit_note is not None else ""
        record_comment = f"{comment}\n\n{note}".strip() if note else comment
        _record(revision=locked, action=action, from_state=from_state, actor=actor, comment=record_comment)
        notifications.notify_transition(revision=locked, action=action, actor=actor, comment=comment)
        # Every step can change the public page (published text, "an update is under review").
        article_id = locked.article_id
        transaction.on_commit(lambda: invalidate_article(article_id))
    return locked


def revision_submit(*, actor, revision: Revision, comment: str = "", expected_version: int | None = None) -> Revision:
    def refuse_unknown_citations(locked: Revision) -> None:
        unknown = unknown_citation_keys(locked)
        if unknown:
            raise rules.UnknownCitationError(unknown)

    return _transition(
        actor=actor,
        revision=revision,
        action="submit",
        comment=comment,
        expected_version=expected_version,
        before_save=refuse_unknown_citations,
    )


def revision_recall(*, actor, revision: Revision, comment: str = "", expected_version: int | None = None) -> Revision:
    return _transition(
        actor=actor, revision=revision, action="recall", comment=comment, expected_version=expected_version
    )


def revision_start_review(
    *, actor, revision: Revision, comment: str = "", expected_version: int | None = None
) -> Revision:
    return _transition(
        actor=actor, revision=revision, action="start_review", comment=comment, expected_version=expected_version
    )


def revision_request_changes(
    *, actor, revision: Revision, comment: str, expected_version: int | None = None
) -> Revision:
    return _transition(
        actor=actor, revision=revision, action="request_changes", comment=comment, expected_version=expected_version
    )


def revision_reject(*, actor, revision: Revision, comment: str, expected_version: int | None = None) -> Revision:
    return _transition(
        actor=actor, revision=revision, action="reject", comment=comment, expected_version=expected_version
    )


def next_review_due(reviewed_at, months: int):
    return (reviewed_at + timedelta(days=round(months * 365.25 / 12))).date()


def pin_cited_references(revision: Revision) -> None:
    """Record the exact version of every reference the approved revision cites."""
    keys = cited_keys(revision_texts(revision))
    references = Reference.objects.filter(key__in=keys)
    for reference in references:
        latest = reference.history.order_by("-history_id").first()
        CitedReference.objects.create(
            revision=revision,
            reference=reference,
            key=reference.key,
            snapshot=reference_snapshot(reference),
            history_id=latest.history_id if latest else None,
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
    list of open threads go into the approval's audit record.

    The first publication starts the review cycle. A later approval moves the review dates only
    with ``full_review`` (the approver re-reviewed the whole article): a small edit must not reset
    "last reviewed".
    """
    open_at_approval: list[ReviewComment] = []
    review_moved: list[str] = []

    def supersede_previous(locked: Revision) -> None:
        open_at_approval.extend(open_threads(locked))
        if open_at_approval and not confirm_open_threads:
            raise rules.OpenThreadsError(len(open_at_approval))
        # Before the new revision is saved as Approved: at most one approved revision per article.
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        if article.published_revision_id is not None:
            previous = Revision.objects.select_for_update().get(pk=article.published_revision_id)
            previous.supersede()
            reason = f"Superseded by revision {locked.number}"
            _save_with_history(previous, actor=actor, reason=reason)
            _record(revision=previous, action="supersede", from_state=State.APPROVED, actor=actor, comment=reason)

    def publish(locked: Revision) -> None:
        pin_cited_references(locked)
        article = Article.objects.get(pk=locked.article_id)  # locked by supersede_previous
        newly_public = article.published_revision_id is None
        now = timezone.now()
        article.published_revision = locked
        article.published_at = now
        if full_review or article.last_reviewed_at is None:
            article.last_reviewed_at = now
            article.next_review_due = next_review_due(now, article.review_interval_months)
            review_moved.append(f"Full review: next review due {article.next_review_due:%Y-%m-%d}.")
        _save_with_history(article, actor=actor, reason=f"Published revision {locked.number}")
        index_article(article, locked)  # same transaction: search never lags or leads the public page
        if newly_public:
            letters.count_in(article.slug)  # and the A to Z index

    return _transition(
        actor=actor,
        revision=revision,
        action="approve",
        comment=comment,
        expected_version=expected_version,
        before_save=supersede_previous,
        after_save=publish,
        audit_note=lambda locked: "\n\n".join(filter(None, [*review_moved, open_threads_note(open_at_approval)])),
    )


def revision_withdraw(*, actor, revision: Revision, comment: str, expected_version: int | None = None) -> Revision:
    """Take the article off the public site (the editor-in-chief, with a reason)."""

    def unpublish(locked: Revision) -> None:
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        if article.published_revision_id == locked.pk:
            article.published_revision = None
            _save_with_history(article, actor=actor, reason=f"Withdrawn: {comment}")
            unindex_article(article)
            letters.count_out(article.slug)

    return _transition(
        actor=actor,
        revision=revision,
        action="withdraw",
        comment=comment,
        expected_version=expected_version,
        after_save=unpublish,
    )


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
) -> Revision:
    """Dispatch to the service for ``action`` (for the admin's buttons and the command line)."""
    if action not in TRANSITION_SERVICES:
        raise rules.WrongStateError(f"There is no transition called {action!r}.")
    extra = {"confirm_open_threads": confirm_open_threads, "full_review": full_review} if action == "approve" else {}
    return TRANSITION_SERVICES[action](
        actor=actor, revision=revision, comment=comment, expected_version=expected_version, **extra
    )


def revisions_in_review(*, reviewer=None) -> Iterable[Revision]:
    """The board's queue, oldest submission first; with ``reviewer``, only revisions they may act on."""
    queue = Revision.objects.filter(state__in=rules.IN_REVIEW_STATES).select_related("article", "author")
    if reviewer is not None:
        queue = queue.exclude(author=reviewer)
    return queue.order_by("submitted_at", "pk")


def revision_attach_references(
    *, actor, revision: Revision, references: Iterable[Reference]
) -> list[AttachedReference]:
    """Attach sources to a draft's bibliography (those already attached are left as they are)."""
    rules.check_may_write(actor)
    with transaction.atomic():
        locked = _lock(revision)
        rules.check_editable(locked)
        attached = set(locked.attached_references.values_list("reference_id", flat=True))
        created = []
        for reference in references:
            if reference.pk in attached:
                continue
            attachment = AttachedReference(revision=locked, reference=reference, added_by=actor)
            _save_with_history(attachment, actor=actor, reason="Attached to the bibliography")
            attached.add(reference.pk)
            created.append(attachment)
    return created


# ---------------------------------------------------------------------------------------------
# The review desk: comment threads, assignment, periodic review


def open_threads(revision: Revision) -> list[ReviewComment]:
    """Unresolved root comments of a revision, oldest first."""
    return list(
        ReviewComment.objects.filter(revision=revision, parent__isnull=True, resolved_at__isnull=True)
        .select_related("author", "section")
        .order_by("created_at", "pk")
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
        raise rules.CommentError(rules.COMMENT_EMPTY_MESSAGE)
    with transaction.atomic():
        locked = _lock(revision)
        if parent is not None:
            parent = ReviewComment.objects.get(pk=parent.pk)
            parent = ReviewComment.objects.get(pk=parent.parent_id) if parent.parent_id else parent
            if parent.revision_id != locked.pk:
                raise rules.CommentError("That thread belongs to another revision.")
        rules.check_comment(actor, locked, parent=parent)
        if section is not None and section.revision_id != locked.pk:
            raise rules.CommentError("That section belongs to another revision.")
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
        _save_with_history(comment, actor=actor, reason="Reply" if parent else "Comment")
    return comment


def review_comment_resolve(*, actor, comment: ReviewComment) -> ReviewComment:
    """Resolve a thread (its author or an editor)."""
    with transaction.atomic():
        thread = ReviewComment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
        rules.check_resolve(actor, thread)
        thread.resolved_at = timezone.now()
        thread.resolved_by = actor
        _save_with_history(thread, actor=actor, reason="Resolved")
    return thread


def _carry_open_threads(*, actor, source: Revision, target: Revision) -> None:
    """Continue the open threads of ``source`` on the new revision ``target`` (sections matched by position).

    ``target``'s sections are copies of ``source``'s in the same order, so position maps one to the other.
    """
    threads = open_threads(source)
    if not threads:
        return
    source_positions = {section.pk: index for index, section in enumerate(source.sections.all())}
    target_sections = list(target.sections.all())
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
        _save_with_history(carried, actor=actor, reason=f"Carried from revision {source.number}")
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
            _save_with_history(copy, actor=actor, reason=f"Carried from revision {source.number}")


def current_assignment(revision: Revision) -> ReviewAssignment | None:
    return revision.assignments.select_related("reviewer").first()


def revision_assign(*, actor, revision: Revision, reviewer) -> ReviewAssignment:
    """The editor-in-chief asks one board member (not the author) to review a submitted revision."""
    with transaction.atomic():
        locked = _lock(revision)
        rules.check_assign(actor, locked, reviewer)
        assignment = ReviewAssignment.objects.create(revision=locked, reviewer=reviewer, assigned_by=actor)
        name = reviewer.get_full_name() or reviewer.username
        _record(revision=locked, action="assign", from_state=locked.state, actor=actor, comment=f"Assigned to {name}")
        notifications.notify_assignment(revision=locked, reviewer=reviewer, actor=actor)
    return assignment


def article_confirm_current(*, actor, article: Article, comment: str) -> ArticleReview:
    """Record that a board member re-reviewed the approved revision and found it still current.

    Moves ``last_reviewed_at`` and ``next_review_due`` only: the approved revision and ``published_at``
    (what readers see as "last updated") stay as they were.
    """
    comment = comment.strip()
    if not comment:
        raise rules.CommentRequiredError(rules.CONFIRM_COMMENT_MESSAGE)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        rules.check_confirm_current(actor, locked)
        now = timezone.now()
        locked.last_reviewed_at = now
        locked.next_review_due = next_review_due(now, locked.review_interval_months)
        _save_with_history(locked, actor=actor, reason=f"Confirmed current: {comment}")
        review = ArticleReview(
            article=locked,
            revision_id=locked.published_revision_id,
            reviewer=actor,
            comment=comment,
            reviewed_at=now,
            next_review_due=locked.next_review_due,
        )
        _save_with_history(review, actor=actor, reason="Confirmed current")
        transaction.on_commit(lambda: invalidate_article(locked.pk))
    return review


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
