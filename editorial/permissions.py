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
  ``reviewer``), ``confirm_current`` an article, ``use_desk``, ``dashboard``;
- the admin's ``view``/``add``/``change``/``delete``/``revert`` on a model or one of its objects:
  ``MODEL_GRANTS`` by role, then the rules that hold for each model whoever asks, superusers included.

This module imports no models (``editorial.models`` imports it for django-fsm): objects are told apart
by ``_meta.label_lower``.
"""

from __future__ import annotations

from django.db.models import Value

from core.texts import REVISION_TEXT_FIELDS
from editorial import errors
from editorial.errors import WorkflowError
from editorial.rules import EDITABLE_STATES, IN_REVIEW_STATES, OPEN_STATES, RULES, USER_ACTIONS, Role, roles_of

COMMENTABLE_STATES = OPEN_STATES  # comments are taken while a revision is on its way to a decision

# The admin model permissions each role holds. The data migrations that create the groups
# (editorial/migrations/0002_roles.py, articles/migrations/0006_staff_permissions.py) grant exactly these
# to the Django groups, as a mirror for tools that read group permissions; a test keeps the two equal.
_VIEW_ALL = {
    "articles.view_article",
    "editorial.view_revision",
    "editorial.view_section",
    "editorial.view_transitionrecord",
    "references.view_reference",
}
_WRITE_CONTENT = {
    "articles.add_article",
    "editorial.change_revision",
    "editorial.add_section",
    "editorial.change_section",
    "editorial.delete_section",
    "references.add_reference",
    "references.change_reference",
    "references.delete_reference",
}
_READER_SITE_READ = {
    "articles.view_readerreport",
    "articles.change_readerreport",
    "articles.view_audience",
    "articles.view_boardprofile",
    "articles.view_sitepage",
}
MODEL_GRANTS: dict[str, frozenset[str]] = {
    Role.EDITOR: frozenset(_VIEW_ALL | _WRITE_CONTENT | _READER_SITE_READ),
    Role.BOARD: frozenset(_VIEW_ALL | {"articles.view_boardprofile"}),
    Role.EDITOR_IN_CHIEF: frozenset(
        _VIEW_ALL
        | _WRITE_CONTENT
        | _READER_SITE_READ
        | {
            "articles.change_article",
            "articles.add_audience",
            "articles.change_audience",
            "articles.add_boardprofile",
            "articles.change_boardprofile",
            "articles.change_sitepage",
            # Partner keys of the syndication API (api.services): issued, limited and revoked by the chief.
            "api.view_partnerkey",
            "api.add_partnerkey",
            "api.change_partnerkey",
            "api.view_partnerkeyusage",
            "api.view_webhookdelivery",  # webhook deliveries and their attempts: read-only (AUDIT_MODELS)
            "api.view_webhookattempt",
        }
    ),
}

# Append-only records: shown, never added, changed, deleted or reverted through the admin.
AUDIT_MODELS = frozenset(
    {
        "editorial.transitionrecord",
        "editorial.notification",
        "editorial.articlereview",
        "editorial.citedreference",
        "editorial.reviewassignment",
        "references.referenceimport",
        "api.partnerkeyusage",
        "api.webhookdelivery",
        "api.webhookattempt",
    }
)
# Delete what the site or the audit trail still needs: nobody through the admin.
NEVER_DELETED = frozenset(
    {"editorial.revision", "articles.article", "articles.sitepage", "articles.readerreport", "api.partnerkey"}
)
# Created by other doors only: revisions from an article ("Add article", "Start a new revision"),
# reports from readers.
NEVER_ADDED = frozenset({"editorial.revision", "articles.readerreport"})


# ---------------------------------------------------------------------------------------------
# Roles


def may_write_content(user) -> bool:
    """Editors and the editor-in-chief create articles and edit draft revisions."""
    return bool(roles_of(user) & {Role.EDITOR, Role.EDITOR_IN_CHIEF})


def is_board_member(user) -> bool:
    return Role.BOARD in roles_of(user)


def is_editor_in_chief(user) -> bool:
    return Role.EDITOR_IN_CHIEF in roles_of(user)


def requires_second_factor(user) -> bool:
    """Board members and the editor-in-chief (and superusers, who hold every role) publish and withdraw."""
    return bool(roles_of(user) & {Role.BOARD, Role.EDITOR_IN_CHIEF})


# ---------------------------------------------------------------------------------------------
# The one question


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


# ---------------------------------------------------------------------------------------------
# The workflow


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
        return allowed(user, action, instance)

    permitted.__name__ = f"may_{action}"
    return {"source": list(rule.sources), "target": rule.target, "permission": permitted}


# ---------------------------------------------------------------------------------------------
# Content and the review desk


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
        name = reviewer.get_full_name() or reviewer.username
        raise errors.WrongRoleError(errors.ASSIGN_REVIEWER_MESSAGE.format(name=name))


def may_review(reviewer, revision) -> bool:
    """Who may be assigned a revision: a board member who could approve it (not its author or a contributor)."""
    return (
        is_board_member(reviewer) and reviewer.pk != revision.author_id and not content_changes_by(reviewer, revision)
    )


def assignable_reviewers(revision, candidates) -> list:
    """The board members among ``candidates`` whom the editor-in-chief may assign ``revision`` to."""
    return [user for user in candidates if may_review(user, revision)]


def _check_confirm_current(user, article) -> None:
    if not is_board_member(user):
        raise errors.WrongRoleError(errors.CONFIRM_ROLE_MESSAGE)
    if article.published_revision_id is None:
        raise errors.WrongStateError(errors.CONFIRM_UNPUBLISHED_MESSAGE)


def _check_dashboard(user, obj) -> None:
    if not is_editor_in_chief(user):
        raise errors.WrongRoleError(errors.DASHBOARD_ROLE_MESSAGE)


def _check_use_desk(user, obj) -> None:
    """Any workflow role may read comparisons and the due-for-review list."""
    if not roles_of(user):
        raise errors.WrongRoleError(errors.DESK_ROLE_MESSAGE)


_CHECKS = {
    "write": _check_write,
    "edit": _check_edit,
    "comment": _check_comment,
    "reply": _check_reply,
    "resolve": _check_resolve,
    "confirm_current": _check_confirm_current,
    "dashboard": _check_dashboard,
    "use_desk": _check_use_desk,
}


# ---------------------------------------------------------------------------------------------
# The admin's model permissions


def _label(obj) -> str:
    return obj._meta.label_lower


def _is_instance(obj) -> bool:
    return not isinstance(obj, type)


def has_model_permission(user, permission: str) -> bool:
    """``"app.codename"`` from MODEL_GRANTS (a superuser holds every one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(permission in MODEL_GRANTS[role] for role in roles_of(user))


def _model_allowed(user, action: str, obj) -> bool:
    """The admin's view/add/change/delete/revert of a model (``obj`` a class) or one object."""
    label = _label(obj)
    app_label, model_name = label.split(".")
    if label in AUDIT_MODELS and action != "view":
        return False
    if action == "add" and label in NEVER_ADDED:
        return False
    if action == "delete" and label in NEVER_DELETED:
        return False
    if action == "revert":
        # A revert saves the object as it was. History rows are the audit trail, and the admin never offers
        # to revert to one (settings.SIMPLE_HISTORY_REVERT_DISABLED): refused for every model and everyone,
        # so a POST to a history row's page cannot do what its missing button does not offer. To undo an
        # edit, whoever may change the object edits it again (a new history row).
        return False
    if label == "references.referenceimport":  # the import log: whoever may view references reads it
        return has_model_permission(user, "references.view_reference")
    if label == "editorial.revision" and action == "change" and _is_instance(obj):
        return allowed(user, "edit", obj)
    if label == "articles.article" and action == "add":
        return may_write_content(user) and has_model_permission(user, "articles.add_article")
    if label == "articles.article" and action == "change":
        # Only the editor-in-chief sets an article's review interval; the rest goes through revisions.
        return is_editor_in_chief(user) and has_model_permission(user, "articles.change_article")
    if action == "view" and has_model_permission(user, f"{app_label}.change_{model_name}"):
        return True
    return has_model_permission(user, f"{app_label}.{action}_{model_name}")
