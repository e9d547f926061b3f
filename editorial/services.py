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

from articles.models import Article
from editorial import rules
from editorial.models import AttachedReference, CitedReference, Revision, Section, TransitionRecord
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
        _record(revision=locked, action=action, from_state=from_state, actor=actor, comment=comment)
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


def revision_approve(*, actor, revision: Revision, comment: str = "", expected_version: int | None = None) -> Revision:
    """Publish the revision and supersede the previously approved one, in one transaction."""

    def supersede_previous(locked: Revision) -> None:
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
        now = timezone.now()
        article.published_revision = locked
        article.published_at = now
        article.last_reviewed_at = now
        article.next_review_due = next_review_due(now, article.review_interval_months)
        _save_with_history(article, actor=actor, reason=f"Published revision {locked.number}")

    return _transition(
        actor=actor,
        revision=revision,
        action="approve",
        comment=comment,
        expected_version=expected_version,
        before_save=supersede_previous,
        after_save=publish,
    )


def revision_withdraw(*, actor, revision: Revision, comment: str, expected_version: int | None = None) -> Revision:
    """Take the article off the public site (the editor-in-chief, with a reason)."""

    def unpublish(locked: Revision) -> None:
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        if article.published_revision_id == locked.pk:
            article.published_revision = None
            _save_with_history(article, actor=actor, reason=f"Withdrawn: {comment}")

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
    *, actor, revision: Revision, action: str, comment: str = "", expected_version: int | None = None
) -> Revision:
    """Dispatch to the service for ``action`` (for the admin's buttons and the command line)."""
    if action not in TRANSITION_SERVICES:
        raise rules.WrongStateError(f"There is no transition called {action!r}.")
    return TRANSITION_SERVICES[action](
        actor=actor, revision=revision, comment=comment, expected_version=expected_version
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
