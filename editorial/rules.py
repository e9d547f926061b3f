"""The workflow's rules in one place: states, roles, and who may take which transition from where.

``Revision``'s django-fsm transitions are declared from ``RULES`` (sources, target, permission), the
services check ``check_transition`` before every move, and the admin shows exactly the buttons
``allowed_actions`` returns, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Content may change only while an editor holds the revision.
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
# A revision in one of these is still on its way to a decision; an article has at most one.
OPEN_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.CHANGES_REQUESTED})
IN_REVIEW_STATES = frozenset({State.SUBMITTED, State.UNDER_REVIEW})


class Role:
    """Django group names; created by the data migration ``editorial/migrations/0002_roles``."""

    EDITOR = "Editors"
    BOARD = "Advisory Board"
    EDITOR_IN_CHIEF = "Editor-in-chief"
    ALL = (EDITOR, BOARD, EDITOR_IN_CHIEF)


def roles_of(user) -> frozenset[str]:
    """The workflow roles a user holds; a superuser holds them all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.ALL)
    cached = getattr(user, "_vetted_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
        user._vetted_roles = cached
    return cached


def may_write_content(user) -> bool:
    """Editors and the editor-in-chief create articles and edit draft revisions."""
    return bool(roles_of(user) & {Role.EDITOR, Role.EDITOR_IN_CHIEF})


def is_board_member(user) -> bool:
    return Role.BOARD in roles_of(user)


# ---------------------------------------------------------------------------------------------
# Refusals: named, with the words the admin shows and the tests expect.

WRONG_STATE_MESSAGE = "You cannot {action} a revision that is {state}."
WRONG_ROLE_MESSAGE = "Only {who} may {action} a revision."
SELF_APPROVAL_MESSAGE = "You cannot approve your own revision: another board member must approve it."
COMMENT_REQUIRED_MESSAGE = "A comment is required to {action} a revision: say why."
STALE_MESSAGE = (
    "Someone else changed this revision while you were working on it (you had version {expected}, "
    "it is now version {actual}). Reload the page to see their changes; nothing was saved."
)
IMMUTABLE_MESSAGE = "Revision {number} is {state} and can no longer be changed. Start a new revision instead."
UNKNOWN_KEYS_MESSAGE = "These citations name no reference in the library: {keys}."
OPEN_REVISION_EXISTS_MESSAGE = "Revision {number} of this article is still {state}; finish it before starting another."


class WorkflowError(Exception):
    """Base for every refusal of the editorial workflow; ``str(error)`` is the user-facing text."""


class WrongStateError(WorkflowError):
    pass


class WrongRoleError(WorkflowError, PermissionDenied):
    pass


class SelfApprovalError(WrongRoleError):
    pass


class CommentRequiredError(WorkflowError):
    pass


class StaleRevisionError(WorkflowError):
    pass


class ImmutableRevisionError(WorkflowError):
    pass


class UnknownCitationError(WorkflowError):
    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__(UNKNOWN_KEYS_MESSAGE.format(keys=", ".join(f"[@{k}]" for k in keys)))


class OpenRevisionExistsError(WorkflowError):
    pass


# ---------------------------------------------------------------------------------------------
# The transition table.


@dataclass(frozen=True)
class Rule:
    action: str
    label: str  # button text
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]  # any of these roles may act (a superuser holds all roles)
    who: str  # for messages and the README table
    author_may: bool = True  # False: the revision's author may not take this transition
    author_only: bool = False  # True: only the revision's author may take it
    comment_required: bool = False
    system: bool = False  # taken by the services as a consequence of another transition, never by a user


RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in [
        Rule(
            "submit",
            "Submit for review",
            (State.DRAFT, State.CHANGES_REQUESTED),
            State.SUBMITTED,
            frozenset({Role.EDITOR, Role.EDITOR_IN_CHIEF}),
            "the author or an editor",
        ),
        Rule(
            "recall",
            "Recall to draft",
            (State.SUBMITTED,),
            State.DRAFT,
            frozenset({Role.EDITOR, Role.EDITOR_IN_CHIEF}),
            "the revision's author",
            author_only=True,
        ),
        Rule(
            "start_review",
            "Start review",
            (State.SUBMITTED,),
            State.UNDER_REVIEW,
            frozenset({Role.BOARD}),
            "a board member",
        ),
        Rule(
            "request_changes",
            "Request changes",
            (State.UNDER_REVIEW,),
            State.CHANGES_REQUESTED,
            frozenset({Role.BOARD}),
            "a board member",
            comment_required=True,
        ),
        Rule(
            "reject",
            "Reject",
            (State.SUBMITTED, State.UNDER_REVIEW),
            State.REJECTED,
            frozenset({Role.BOARD}),
            "a board member",
            comment_required=True,
        ),
        Rule(
            "approve",
            "Approve and publish",
            (State.UNDER_REVIEW,),
            State.APPROVED,
            frozenset({Role.BOARD}),
            "a board member who is not the author",
            author_may=False,
        ),
        Rule(
            "withdraw",
            "Withdraw from the public site",
            (State.APPROVED,),
            State.WITHDRAWN,
            frozenset({Role.EDITOR_IN_CHIEF}),
            "the editor-in-chief",
            comment_required=True,
        ),
        Rule(
            "supersede",
            "Supersede",
            (State.APPROVED,),
            State.SUPERSEDED,
            frozenset(),
            "the system, when a newer revision is approved",
            system=True,
        ),
    ]
}

USER_ACTIONS = tuple(action for action, rule in RULES.items() if not rule.system)


def _readable(action: str) -> str:
    return action.replace("_", " ")


def check_transition(user, action: str, revision, comment: str = "") -> None:
    """Raise the named refusal if ``user`` may not take ``action`` on ``revision`` now."""
    rule = RULES[action]
    if revision.state not in rule.sources:
        raise WrongStateError(
            WRONG_STATE_MESSAGE.format(action=_readable(action), state=State(revision.state).label.lower())
        )
    if rule.system or not (roles_of(user) & rule.roles):
        raise WrongRoleError(WRONG_ROLE_MESSAGE.format(who=rule.who, action=_readable(action)))
    is_author = revision.author_id == user.pk
    if rule.author_only and not is_author:
        raise WrongRoleError(WRONG_ROLE_MESSAGE.format(who=rule.who, action=_readable(action)))
    if not rule.author_may and is_author:
        raise SelfApprovalError(SELF_APPROVAL_MESSAGE)
    if rule.comment_required and not comment.strip():
        raise CommentRequiredError(COMMENT_REQUIRED_MESSAGE.format(action=_readable(action)))


def may_transition(user, action: str, revision) -> bool:
    """Whether the button for ``action`` should be offered (a comment may still be required)."""
    try:
        check_transition(user, action, revision, comment="-")
    except WorkflowError:
        return False
    return True


def allowed_actions(user, revision) -> list[Rule]:
    return [RULES[action] for action in USER_ACTIONS if may_transition(user, action, revision)]


def fsm_permission(action: str) -> Callable[[object, object], bool]:
    """The ``permission=`` callable for django-fsm, so ``has_transition_perm`` agrees with RULES."""

    def permitted(instance, user) -> bool:
        return may_transition(user, action, instance)

    permitted.__name__ = f"may_{action}"
    return permitted


def check_editable(revision) -> None:
    if revision.state not in EDITABLE_STATES:
        raise ImmutableRevisionError(
            IMMUTABLE_MESSAGE.format(number=revision.number, state=State(revision.state).label.lower())
        )


def check_may_write(user) -> None:
    if not may_write_content(user):
        raise WrongRoleError(WRONG_ROLE_MESSAGE.format(who="editors", action="edit"))


def fsm_args(action: str) -> dict:
    """Keyword arguments for ``django_fsm.transition`` built from ``RULES``."""
    rule = RULES[action]
    return {"source": list(rule.sources), "target": rule.target, "permission": fsm_permission(action)}


# ---------------------------------------------------------------------------------------------
# The review desk: comments, assignment, periodic review, the dashboard.

# Comments are taken while a revision is on its way to a decision.
COMMENTABLE_STATES = OPEN_STATES

COMMENT_ROLE_MESSAGE = "Only board members start comment threads; editors reply to them."
REPLY_ROLE_MESSAGE = "Only board members and editors may reply to review comments."
COMMENT_STATE_MESSAGE = "You cannot comment on a revision that is {state}."
COMMENT_EMPTY_MESSAGE = "A comment needs some text."
RESOLVE_ROLE_MESSAGE = "Only the thread's author or an editor may resolve it."
ALREADY_RESOLVED_MESSAGE = "This thread is already resolved."
OPEN_THREADS_MESSAGE = (
    "{count} comment thread(s) are still open on this revision. Resolve them, or confirm that you approve "
    "with them open."
)
ASSIGN_ROLE_MESSAGE = "Only the editor-in-chief may assign a revision to a reviewer."
ASSIGN_STATE_MESSAGE = "Only a submitted or under-review revision can be assigned, not one that is {state}."
ASSIGN_REVIEWER_MESSAGE = "{name} cannot review this revision: choose a board member who is not its author."
CONFIRM_ROLE_MESSAGE = "Only a board member may confirm that an article is still current."
CONFIRM_UNPUBLISHED_MESSAGE = "This article has no approved revision to confirm."
CONFIRM_COMMENT_MESSAGE = "Say what you checked: a comment is required to confirm that an article is current."
DASHBOARD_ROLE_MESSAGE = "Only the editor-in-chief may see the review dashboard."


class CommentError(WorkflowError):
    pass


class OpenThreadsError(WorkflowError):
    def __init__(self, count: int):
        self.count = count
        super().__init__(OPEN_THREADS_MESSAGE.format(count=count))


def is_editor_in_chief(user) -> bool:
    return Role.EDITOR_IN_CHIEF in roles_of(user)


def check_comment(user, revision, *, parent=None) -> None:
    """Board members start threads; board members and editors reply; only while the revision is open."""
    if revision.state not in COMMENTABLE_STATES:
        raise WrongStateError(COMMENT_STATE_MESSAGE.format(state=State(revision.state).label.lower()))
    if parent is None and not is_board_member(user):
        raise WrongRoleError(COMMENT_ROLE_MESSAGE)
    if parent is not None and not (is_board_member(user) or may_write_content(user)):
        raise WrongRoleError(REPLY_ROLE_MESSAGE)


def may_comment(user, revision) -> bool:
    try:
        check_comment(user, revision)
    except WorkflowError:
        return False
    return True


def may_reply(user, revision) -> bool:
    try:
        check_comment(user, revision, parent=True)
    except WorkflowError:
        return False
    return True


def check_resolve(user, thread) -> None:
    if thread.resolved_at is not None:
        raise CommentError(ALREADY_RESOLVED_MESSAGE)
    if thread.author_id != user.pk and not may_write_content(user):
        raise WrongRoleError(RESOLVE_ROLE_MESSAGE)


def may_resolve(user, thread) -> bool:
    try:
        check_resolve(user, thread)
    except WorkflowError:
        return False
    return True


def check_assign(user, revision, reviewer) -> None:
    if not is_editor_in_chief(user):
        raise WrongRoleError(ASSIGN_ROLE_MESSAGE)
    if revision.state not in IN_REVIEW_STATES:
        raise WrongStateError(ASSIGN_STATE_MESSAGE.format(state=State(revision.state).label.lower()))
    if reviewer.pk == revision.author_id or not is_board_member(reviewer):
        raise WrongRoleError(ASSIGN_REVIEWER_MESSAGE.format(name=reviewer.get_full_name() or reviewer.username))


def may_assign(user, revision) -> bool:
    return is_editor_in_chief(user) and revision.state in IN_REVIEW_STATES


def check_confirm_current(user, article) -> None:
    if not is_board_member(user):
        raise WrongRoleError(CONFIRM_ROLE_MESSAGE)
    if article.published_revision_id is None:
        raise WrongStateError(CONFIRM_UNPUBLISHED_MESSAGE)


def may_confirm_current(user, article) -> bool:
    try:
        check_confirm_current(user, article)
    except WorkflowError:
        return False
    return True


def check_dashboard(user) -> None:
    if not is_editor_in_chief(user):
        raise WrongRoleError(DASHBOARD_ROLE_MESSAGE)


def may_use_desk(user) -> bool:
    """Any workflow role may read comparisons and the due-for-review list."""
    return bool(roles_of(user))


def requires_second_factor(user) -> bool:
    """Board members and the editor-in-chief (and superusers, who hold every role) publish and withdraw."""
    roles = roles_of(user)
    return Role.BOARD in roles or Role.EDITOR_IN_CHIEF in roles
