"""What every editorial write does alike: lock a revision, refuse a stale page, write the audit record."""

from __future__ import annotations

from editorial.errors import STALE_MESSAGE, StaleRevisionError
from editorial.models import Revision, TransitionRecord


def lock_revision(pk: int) -> Revision:
    """The revision, locked until the transaction ends (a row lock on PostgreSQL)."""
    return Revision.objects.select_for_update().get(pk=pk)


def refuse_stale(revision: Revision, expected_version: int | None) -> None:
    """A decision or edit made on a page that has since changed is a conflict, not a silent change.

    ``expected_version`` is the version the actor's page showed; None means the caller had no page
    (the command line, the demo).
    """
    if expected_version is not None and revision.version != expected_version:
        raise StaleRevisionError(STALE_MESSAGE.format(expected=expected_version, actual=revision.version))


def record(
    *, revision: Revision, action: str, from_state: str, actor, comment: str, reason_category: str = ""
) -> TransitionRecord:
    """One line of the revision's audit trail: who, when, from which state to which, and why."""
    return TransitionRecord.objects.create(
        revision=revision,
        article_id=revision.article_id,
        action=action,
        from_state=from_state,
        to_state=revision.state,
        actor=actor,
        comment=comment,
        reason_category=reason_category,
    )
