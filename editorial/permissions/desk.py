"""Content and the review desk: writing, editing, comments, assignment, confirm-current, the dashboard."""

from __future__ import annotations

from editorial import errors
from editorial.errors import WorkflowError
from editorial.permissions.board import check_not_recused, recusal, recused_reviewer_message
from editorial.permissions.roles import is_board_member, is_editor_in_chief, may_write_content
from editorial.permissions.transitions import content_changes_by
from editorial.rules import EDITABLE_STATES, IN_REVIEW_STATES, OPEN_STATES, roles_of

COMMENTABLE_STATES = OPEN_STATES  # comments are taken while a revision is on its way to a decision


def _check_write(user, obj) -> None:
    if not may_write_content(user):
        raise errors.WrongRoleError(errors.WRITE_ROLE_MESSAGE)


def check_editable(revision) -> None:
    """A revision's content changes only in Draft and Changes requested (whoever asks)."""
    if revision.state not in EDITABLE_STATES:
        raise errors.ImmutableRevisionError(errors.immutable_message(revision.number, revision.state))


def _check_edit(user, revision) -> None:
    _check_write(user, revision)
    check_editable(revision)


def _check_comment(user, revision) -> None:
    """Board members start threads, only while the revision is open."""
    if revision.state not in COMMENTABLE_STATES:
        raise errors.WrongStateError(errors.COMMENT_STATE_MESSAGE.format(state=errors.state_phrase(revision.state)))
    if not is_board_member(user):
        raise errors.WrongRoleError(errors.COMMENT_ROLE_MESSAGE)


def _check_reply(user, revision) -> None:
    """Board members and editors reply to threads, only while the revision is open."""
    if revision.state not in COMMENTABLE_STATES:
        raise errors.WrongStateError(errors.COMMENT_STATE_MESSAGE.format(state=errors.state_phrase(revision.state)))
    if not (is_board_member(user) or may_write_content(user)):
        raise errors.WrongRoleError(errors.REPLY_ROLE_MESSAGE)


def _check_resolve(user, thread) -> None:
    """The thread's author and editors resolve it; so does any board member while the revision is open
    (board members review together; once it is decided, nobody comments there and the old rule holds)."""
    if thread.resolved_at is not None:
        raise errors.CommentError(errors.ALREADY_RESOLVED_MESSAGE)
    if thread.author_id == user.pk or may_write_content(user):
        return
    if not is_board_member(user):
        raise errors.WrongRoleError(errors.RESOLVE_ROLE_MESSAGE)
    state = thread.revision.state
    if state not in COMMENTABLE_STATES:
        raise errors.WrongStateError(errors.RESOLVE_STATE_MESSAGE.format(state=errors.state_phrase(state)))


def _check_assign(user, revision, reviewer) -> None:
    """The editor-in-chief assigns a revision in review; with ``reviewer``, only to one who may review it."""
    if not is_editor_in_chief(user):
        raise errors.WrongRoleError(errors.ASSIGN_ROLE_MESSAGE)
    if revision.state not in IN_REVIEW_STATES:
        raise errors.WrongStateError(errors.ASSIGN_STATE_MESSAGE.format(state=errors.state_phrase(revision.state)))
    if reviewer is not None and not may_review(reviewer, revision):
        recused = recused_reviewer_message(reviewer, revision.article)
        if recused:
            raise errors.RecusedError(recused)
        name = reviewer.get_full_name() or reviewer.username
        raise errors.WrongRoleError(errors.ASSIGN_REVIEWER_MESSAGE.format(name=name))


def may_review(reviewer, revision) -> bool:
    """Who may be assigned a revision: a board member who could approve it (not its author or a contributor,
    not recused from the article by a declared conflict)."""
    return (
        is_board_member(reviewer)
        and reviewer.pk != revision.author_id
        and not content_changes_by(reviewer, revision)
        and recusal(reviewer, revision.article) is None
    )


def assignable_reviewers(revision, candidates) -> list:
    """The board members among ``candidates`` whom the editor-in-chief may assign ``revision`` to."""
    return [user for user in candidates if may_review(user, revision)]


def _check_confirm_current(user, article) -> None:
    if not is_board_member(user):
        raise errors.WrongRoleError(errors.CONFIRM_ROLE_MESSAGE)
    if article.published_revision_id is None:
        raise errors.WrongStateError(errors.CONFIRM_UNPUBLISHED_MESSAGE)
    check_not_recused(user, article, "confirm_current")


def _check_dashboard(user, obj) -> None:
    if not is_editor_in_chief(user):
        raise errors.WrongRoleError(errors.DASHBOARD_ROLE_MESSAGE)


def _check_use_desk(user, obj) -> None:
    """Any workflow role may read comparisons and the due-for-review list."""
    if not roles_of(user):
        raise errors.WrongRoleError(errors.DESK_ROLE_MESSAGE)


def check_edit_allowed(user, revision) -> bool:
    try:
        _check_edit(user, revision)
    except WorkflowError:
        return False
    return True


WORDING_TEXT_FIELDS = ("kind", "text", "means")


def wording_written_by(user, wording) -> bool:
    """Whether ``user`` wrote or changed the wording's words at any time, read from its history.

    The last changer alone is not enough: a writer could let anyone else touch the text, then approve their
    own words (an editor on the board, or a superuser, who holds every role). Approval rows change no words.
    """
    if wording.changed_by_id == user.pk:
        return True
    if wording.pk is None:
        return False
    previous = None
    for row in wording.history.order_by("history_date", "history_id").values("history_user_id", *WORDING_TEXT_FIELDS):
        words = tuple(row[name] for name in WORDING_TEXT_FIELDS)
        if words != previous and row["history_user_id"] == user.pk:
            return True
        previous = words
    return False


def _check_approve_wording(user, wording) -> None:
    """A board member approves the question box's wording, never wording they wrote or changed."""
    if not is_board_member(user) or wording_written_by(user, wording):
        raise errors.WrongRoleError(errors.APPROVE_WORDING_MESSAGE)


# Evidence (issue 17): a source's study design and a retraction notice for readers are the board's word.
# What only a board member does, or is: confirm a source's design, approve a retraction notice, be listed on
# the public board page (asked of the profile's user when the editor-in-chief saves a listed profile).
BOARD_ACTIONS = {
    "confirm_design": errors.EVIDENCE_ROLE_MESSAGE,
    "approve_notice": errors.NOTICE_ROLE_MESSAGE,
    "be_listed_on_board": errors.BOARD_LISTING_MESSAGE,
}


def check_board_action(action: str, user) -> None:
    if not is_board_member(user):
        raise errors.WrongRoleError(BOARD_ACTIONS[action])


_CHECKS = {
    "write": _check_write,
    "edit": _check_edit,
    "comment": _check_comment,
    "reply": _check_reply,
    "resolve": _check_resolve,
    "confirm_current": _check_confirm_current,
    "approve_wording": _check_approve_wording,
    "dashboard": _check_dashboard,
    "use_desk": _check_use_desk,
}
