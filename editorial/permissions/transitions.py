"""The workflow's transitions: state, role, four eyes (from the revision's history) and the required comment."""

from __future__ import annotations

from django.db.models import Value

from core.texts import REVISION_TEXT_FIELDS
from editorial import errors
from editorial.errors import WorkflowError
from editorial.permissions.board import check_board_decision
from editorial.rules import RULES, roles_of


def _check_transition(user, action: str, revision, comment: str) -> None:
    rule = RULES[action]
    if revision.state not in rule.sources:
        raise errors.WrongStateError(
            errors.WRONG_STATE_MESSAGE.format(
                action=errors.action_phrase(action), state=errors.state_phrase(revision.state)
            )
        )
    if rule.system:
        raise errors.WrongRoleError(errors.SYSTEM_ACTION_MESSAGE.format(action=errors.action_phrase(action)))
    if not (roles_of(user) & rule.roles):
        raise errors.WrongRoleError(errors.WRONG_ROLE_MESSAGE.format(who=rule.who, action=errors.action_phrase(action)))
    is_author = revision.author_id == user.pk
    if rule.author_only and not is_author:
        raise errors.WrongRoleError(errors.WRONG_ROLE_MESSAGE.format(who=rule.who, action=errors.action_phrase(action)))
    if not rule.author_may:
        if is_author:
            raise errors.SelfApprovalError(errors.SELF_APPROVAL_MESSAGE)
        changed = content_changes_by(user, revision)
        if changed:
            raise errors.SelfApprovalError(errors.CONTRIBUTOR_APPROVAL_MESSAGE.format(what=", ".join(changed)))
    check_board_decision(user, action, revision)  # recusal, a lapsed disclosure, approving twice
    if rule.comment_required and not comment.strip():
        raise errors.CommentRequiredError(errors.COMMENT_REQUIRED_MESSAGE.format(action=errors.action_phrase(action)))


def content_changes_by(user, revision) -> list[str]:
    """What of ``revision``'s content ``user`` wrote or changed, from its history: [] when nothing."""
    return content_contributors(revision).get(user.pk, [])


def content_contributors(revision) -> dict[int, list[str]]:
    """Everyone who wrote or changed ``revision``'s content, with what they changed (three queries).

    Four eyes means nobody approves text they wrote or changed, whoever the revision's author is: a
    superuser who edits an editor's draft in the admin may not then approve it. A revision history row
    counts when it is the first or changes a text field (state moves write rows that change none); every
    history row of the revision's sections and attached references counts. Kept on the instance for the
    request: the services ask on a freshly locked instance, so a decision never reads a stale answer.
    """
    cached = getattr(revision, "_content_contributors", None)
    if cached is not None:
        return cached
    found: dict[int, list[str]] = {}
    lead = "its title, headline, other names or summary"  # REVISION_TEXT_FIELDS, in words
    previous = None
    rows = revision.history.order_by("history_date", "history_id").values("history_user_id", *REVISION_TEXT_FIELDS)
    for row in rows:
        texts = tuple(row[field] for field in REVISION_TEXT_FIELDS)
        if texts != previous and lead not in found.get(row["history_user_id"], []):
            found.setdefault(row["history_user_id"], []).append(lead)
        previous = texts
    # Sections and bibliography in one query: each row says whose change it was and to which.
    sections = revision.sections.model.history.filter(revision_id=revision.pk).order_by().values_list("history_user_id")
    attached = (
        revision.attached_references.model.history.filter(revision_id=revision.pk)
        .order_by()
        .values_list("history_user_id")
    )
    labelled = sections.annotate(label=Value("its sections")).union(attached.annotate(label=Value("its bibliography")))
    for user_id, label in sorted(set(labelled), key=lambda row: row[1], reverse=True):
        found.setdefault(user_id, []).append(label)
    found.pop(None, None)
    revision._content_contributors = found
    return found


def fsm_args(action: str) -> dict:
    """Keyword arguments for ``django_fsm.transition`` from ``RULES``, its permission from this policy."""
    rule = RULES[action]

    def permitted(instance, user) -> bool:
        try:
            _check_transition(user, action, instance, "-")  # as ``allowed``: a required comment is assumed given
        except WorkflowError:
            return False
        return True

    permitted.__name__ = f"may_{action}"
    return {"source": list(rule.sources), "target": rule.target, "permission": permitted}
