"""The admin's model permissions: ``MODEL_GRANTS`` by role, then the rules that hold for each model whoever asks."""

from __future__ import annotations

from editorial.permissions.desk import check_edit_allowed
from editorial.permissions.roles import is_editor_in_chief, may_write_content
from editorial.rules import Role, roles_of

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
    "articles.view_disclosure",
    # The question box (ask/): its wording (a board member approves it: ``approve_wording``), readers' questions.
    *("ask.view_wording", "ask.add_wording", "ask.change_wording", "ask.view_question", "ask.change_question"),
}
MODEL_GRANTS: dict[str, frozenset[str]] = {
    Role.EDITOR: frozenset(_VIEW_ALL | _WRITE_CONTENT | _READER_SITE_READ),
    Role.BOARD: frozenset(
        _VIEW_ALL
        | {
            "articles.view_boardprofile",
            "articles.view_disclosure",
            "editorial.view_retractionflag",
            "ask.view_wording",
        }
    ),
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
            "articles.add_disclosure",
            "articles.change_sitepage",
            # Partner keys of the syndication API (api.services): issued, limited and revoked by the chief.
            "api.view_partnerkey",
            "api.add_partnerkey",
            "api.change_partnerkey",
            "api.view_partnerkeyusage",
            "api.view_webhookdelivery",  # webhook deliveries and their attempts: read-only (AUDIT_MODELS)
            "api.view_webhookattempt",
            "editorial.view_retractionflag",  # the "sources retracted" queue, shared with the board
            "django_tasks_database.view_dbtaskresult",  # the task worker's queue (issue 19), read-only
            "articles.view_purgerequest",  # the CDN purge outbox, read-only
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
        "editorial.retractionflag",
        "references.referenceimport",
        "api.partnerkeyusage",
        "api.webhookdelivery",
        "api.webhookattempt",
        "django_tasks_database.dbtaskresult",
        "articles.purgerequest",
    }
)
# Delete what the site or the audit trail still needs: nobody through the admin.
NEVER_DELETED = frozenset(
    {
        "editorial.revision",
        "articles.article",
        "articles.sitepage",
        "articles.readerreport",
        "articles.disclosure",
        "api.partnerkey",
    }
)
# Declared once and kept as readers saw it: renewing or correcting is declaring again.
NEVER_CHANGED = frozenset({"articles.disclosure"})
# Created by other doors only: revisions from an article ("Add article", "Start a new revision"),
# reports from readers.
NEVER_ADDED = frozenset({"editorial.revision", "articles.readerreport", "ask.question"})


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
    if action == "change" and label in NEVER_CHANGED:
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
        return check_edit_allowed(user, obj)
    if label == "articles.article" and action == "add":
        return may_write_content(user) and has_model_permission(user, "articles.add_article")
    if label == "articles.article" and action == "change":
        # Only the editor-in-chief sets an article's review interval; the rest goes through revisions.
        return is_editor_in_chief(user) and has_model_permission(user, "articles.change_article")
    if action == "view" and has_model_permission(user, f"{app_label}.change_{model_name}"):
        return True
    return has_model_permission(user, f"{app_label}.{action}_{model_name}")
