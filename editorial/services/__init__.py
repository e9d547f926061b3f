"""The only way to write editorial content or move a revision through the workflow.

Every function is keyword-only with ``actor`` first and reads top to bottom: in one transaction it
locks the rows it changes, asks the permission policy (``editorial/permissions/``; the admin is not
the guard), changes, saves with history (actor and reason), writes the audit record, and queues its
side effects (emails, cache invalidation) for after the commit. Admin views, management commands and
tests all call these functions; reads live in ``editorial/selectors.py``.

- ``content``: articles, drafts, sections, the bibliography.
- ``workflow``: the transitions (submit ... approve, withdraw).
- ``desk``: review comments, assignment, confirming an article is current.
- ``board``: disclosures, an article's topics and quorum, overdue safety updates (issue 18).
"""

from editorial.services.board import article_set_board_rules, disclosure_declare, safety_overdue_notify
from editorial.services.content import (
    article_create,
    revision_attach_references,
    revision_check_fresh,
    revision_edit,
    revision_start_new,
)
from editorial.services.desk import (
    article_confirm_current,
    article_set_review_interval,
    next_review_due,
    review_comment_add,
    review_comment_resolve,
    revision_assign,
)
from editorial.services.workflow import (
    TRANSITION_SERVICES,
    pin_cited_references,
    revision_approve,
    revision_recall,
    revision_reject,
    revision_request_changes,
    revision_start_review,
    revision_submit,
    revision_transition,
    revision_withdraw,
)

__all__ = [
    "TRANSITION_SERVICES",
    "article_set_board_rules",
    "disclosure_declare",
    "safety_overdue_notify",
    "article_confirm_current",
    "article_create",
    "article_set_review_interval",
    "next_review_due",
    "pin_cited_references",
    "review_comment_add",
    "review_comment_resolve",
    "revision_approve",
    "revision_assign",
    "revision_attach_references",
    "revision_check_fresh",
    "revision_edit",
    "revision_recall",
    "revision_reject",
    "revision_request_changes",
    "revision_start_new",
    "revision_start_review",
    "revision_submit",
    "revision_transition",
    "revision_withdraw",
]
