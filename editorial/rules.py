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


def requires_second_factor(user) -> bool:
    """Board members and the editor-in-chief (and superusers, who hold every role) publish and withdraw."""
    roles = roles_of(user)
    return Role.BOARD in roles or Role.EDITOR_IN_CHIEF in roles
