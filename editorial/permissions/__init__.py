"""Who may do what: the one permission policy.

Every question about rights is ``allowed(user, action, obj)``; ``check`` asks the same question and
raises the named refusal (``editorial/errors.py``) with the words the admin shows. The services check
before every write, the admin's ``has_*_permission`` methods and history pages ask (apps below this one
ask through ``core.policy``, installed by ``EditorialConfig.ready()``), the buttons shown are the
actions allowed, django-fsm's ``permission=`` asks, and the list of assignable reviewers is filtered
here.

Actions:
- the workflow's transitions (``rules.RULES``) on a revision;
- ``write`` (create articles, start revisions, attach or import references) and ``edit`` (a revision's
  content, while it is editable);
- the review desk: ``comment``/``reply`` on a revision, ``resolve`` a thread, ``assign`` a revision (to
  ``reviewer``), ``confirm_current`` an article, ``use_desk``, ``dashboard``, ``approve_wording`` (ask/);
- the board's word on evidence (``BOARD_ACTIONS``: ``confirm_design``, ``approve_notice``);
- the admin's ``view``/``add``/``change``/``delete``/``revert`` on a model or one of its objects:
  ``MODEL_GRANTS`` by role, then the rules that hold for each model whoever asks, superusers included.

The package, by concern (this module is the one door; import from ``editorial.permissions``):
``roles`` (who holds which role), ``transitions`` (the workflow table, four eyes from history), ``board``
(issue 18: recusal on a declared conflict, lapsed disclosures, approval quorums), ``desk`` (content and the
review desk), ``grants`` (the admin's model permissions).

It imports no models (``editorial.models`` imports it for django-fsm): objects are told apart by
``_meta.label_lower`` and read through their related managers.
"""

from __future__ import annotations

from editorial import errors
from editorial.errors import WorkflowError
from editorial.permissions.board import (
    QUORUM_APPROVE,
    approvals_this_round,
    disclosure_lapsed,
    latest_disclosure,
    quorum_progress_ids,
    recusal,
)
from editorial.permissions.desk import (
    _CHECKS,
    BOARD_ACTIONS,
    COMMENTABLE_STATES,
    _check_assign,
    assignable_reviewers,
    check_board_action,
    check_editable,
    may_review,
)
from editorial.permissions.grants import (
    AUDIT_MODELS,
    MODEL_GRANTS,
    NEVER_ADDED,
    NEVER_DELETED,
    _model_allowed,
    has_model_permission,
)
from editorial.permissions.roles import is_board_member, is_editor_in_chief, may_write_content, requires_second_factor
from editorial.permissions.transitions import _check_transition, content_changes_by, content_contributors, fsm_args
from editorial.rules import RULES, USER_ACTIONS

__all__ = [
    "QUORUM_APPROVE",
    "approvals_this_round",
    "disclosure_lapsed",
    "latest_disclosure",
    "quorum_progress_ids",
    "recusal",
    "AUDIT_MODELS",
    "COMMENTABLE_STATES",
    "MODEL_GRANTS",
    "NEVER_ADDED",
    "NEVER_DELETED",
    "allowed",
    "allowed_actions",
    "assignable_reviewers",
    "check",
    "check_editable",
    "content_changes_by",
    "content_contributors",
    "fsm_args",
    "has_model_permission",
    "is_board_member",
    "is_editor_in_chief",
    "may_review",
    "may_write_content",
    "requires_second_factor",
]


def allowed(user, action: str, obj=None, **context) -> bool:
    """May ``user`` take ``action`` on ``obj`` now? (For a transition, a required comment is assumed given.)"""
    try:
        check(user, action, obj, comment="-", **context)
    except WorkflowError:
        return False
    return True


def check(user, action: str, obj=None, *, comment: str = "", reviewer=None) -> None:
    """Raise the named refusal if ``user`` may not take ``action`` on ``obj``."""
    if action in RULES:
        _check_transition(user, action, obj, comment)
    elif action == "assign":
        _check_assign(user, obj, reviewer)
    elif action in BOARD_ACTIONS:
        check_board_action(action, user)
    elif action in _CHECKS:
        _CHECKS[action](user, obj)
    elif action in ("view", "add", "change", "delete", "revert"):
        if not _model_allowed(user, action, obj):
            raise errors.WrongRoleError(f"You may not {action} this.")
    else:
        raise errors.WrongStateError(errors.NO_SUCH_TRANSITION_MESSAGE.format(action=action))


def allowed_actions(user, revision) -> list:
    """The workflow buttons ``user`` sees on ``revision`` (the rules, in table order)."""
    return [RULES[action] for action in USER_ACTIONS if allowed(user, action, revision)]
