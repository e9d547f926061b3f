"""The workflow as data: states, roles, and the transition table (who may take which step from where).

This module only describes. ``editorial/permissions/`` answers "may this user do this?" from it,
``Revision``'s django-fsm transitions are declared from it, the services move revisions by it, and the
README's diagram and table are generated from it, so none of them can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class WithdrawalReason(models.TextChoices):
    """Why an article was withdrawn, as partners are told (the change feed's tombstone); the editor's own
    words stay in the private comment."""

    SAFETY = "safety", "Safety: the text could mislead or harm"
    SUPERSEDED = "superseded", "Superseded or merged into another article"
    ERROR = "error", "Published in error"
    OTHER = "other", "Other"


# Content may change only while an editor holds the revision.
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
# A revision in one of these is still on its way to a decision; an article has at most one.
OPEN_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.CHANGES_REQUESTED})
IN_REVIEW_STATES = frozenset({State.SUBMITTED, State.UNDER_REVIEW})


class SafetyCategory(models.TextChoices):
    """Why a revision is a fast-tracked safety update; each has a deadline (settings.VETTED_SAFETY_DEADLINE_HOURS)."""

    WITHDRAWAL_OR_ALERT = "withdrawal_or_alert", "Drug withdrawal or safety alert"
    PRACTICE_CHANGING = "practice_changing", "Practice-changing evidence"
    OTHER = "other", "Other safety update"


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
        cached = remember_roles(user, user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
    return cached


def remember_roles(user, group_names) -> frozenset[str]:
    """Keep ``user``'s workflow roles on the instance (from a query, or a prefetch of their groups)."""
    user._vetted_roles = frozenset(name for name in group_names if name in Role.ALL)
    return user._vetted_roles


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
    # What the step does that cannot be undone, asked on a confirmation page before it is taken ({number},
    # {title}); empty: the button acts at once.
    confirm: str = ""


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
            confirm=(
                "Rejecting ends revision {number} of “{title}” for good: it can never be edited or approved again, "
                "and its editors must start a new revision to continue."
            ),
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
            confirm=(
                "Withdrawing takes “{title}” off the public site now: readers get a page saying the board withdrew "
                "it, and it stays off until a new revision is approved."
            ),
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


# Records in the audit trail that are not moves of the state machine: the revision stays where it is.
# ``TransitionRecord`` keeps them beside the transitions (one timeline per revision); the integrity check
# accepts them only with from_state == to_state.
EVENTS = {
    "assign": "Assign a reviewer",
    # One board member's approval of a revision whose article needs several (``Article.approvals_required``):
    # recorded while the revision stays under review; the approval that meets the quorum is the ``approve``
    # transition itself. A round is the records since the revision's latest ``start_review``.
    "quorum_approve": "Approve (counted toward the quorum)",
}
CREATE_LABEL = "Create"  # the first record of every revision


def action_label(action: str) -> str:
    """An audit record's action in words ("Request changes", not ``request_changes``)."""
    if action in RULES:
        return RULES[action].label
    if action == "create":
        return CREATE_LABEL
    return EVENTS.get(action, action.replace("_", " ").capitalize())
