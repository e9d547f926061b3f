"""The revision page's workflow panel: the steps a user may take, why the others are missing, and taking one.

Nothing typed is lost: a step pressed on a page with unsaved edits saves them first (``RevisionAdmin``
posts the workflow buttons with the revision's own form), and a refused step keeps the typed comment
for the next visit of the page. A step that cannot be undone (``Rule.confirm``) asks on a page of its
own first, which works without JavaScript.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from editorial import permissions, selectors, services
from editorial.errors import (
    NO_STEP_MESSAGES,
    STEP_AFTER_SAVE_REFUSED_MESSAGE,
    TEXT_LOCKED_MESSAGES,
    AlreadyApprovedError,
    DisclosureExpiredError,
    RecusedError,
    SelfApprovalError,
    WorkflowError,
)
from editorial.models import Revision
from editorial.rules import OPEN_STATES, RULES, State, WithdrawalReason

KEPT_COMMENTS = "vetted_workflow_comments"  # session key: {revision pk: comment typed before a refusal}


def keep_comment(request, revision_pk: int, comment: str) -> None:
    """Remember a typed workflow comment that a refusal or a confirmation page took off the revision page."""
    if comment.strip():
        kept = request.session.get(KEPT_COMMENTS, {})
        kept[str(revision_pk)] = comment
        request.session[KEPT_COMMENTS] = kept


def take_kept_comment(request, revision_pk: int) -> str:
    """The comment kept for this revision's page, once (the page shows it again in the comment box)."""
    kept = request.session.get(KEPT_COMMENTS)
    if not kept or str(revision_pk) not in kept:
        return ""
    comment = kept.pop(str(revision_pk))
    request.session[KEPT_COMMENTS] = kept
    return comment


def approve_refusal(user, revision) -> str:
    """Why a board member sees no "Approve" button on a revision in review: they wrote or changed it, they are
    recused from the article, their disclosure lapsed, or they already approved it toward its quorum."""
    try:
        permissions.check(user, "approve", revision, comment="-")
    except (SelfApprovalError, RecusedError, DisclosureExpiredError, AlreadyApprovedError) as refusal:
        return str(refusal)
    except WorkflowError:
        pass  # not in review, or not a board member: no approve button is expected, nothing to explain
    return ""


def no_step_reason(revision, actions) -> str:
    """When the policy allows the user no step (``actions`` is empty): who acts next, in the state's words."""
    return "" if actions else NO_STEP_MESSAGES[revision.state].format(number=revision.number)


def text_locked_reason(user, revision, actions) -> str:
    """Why an editor who has a step to take here (recall, withdraw) finds the text read-only."""
    if not actions or not permissions.allowed(user, "write") or permissions.allowed(user, "edit", revision):
        return ""  # no step (the state's reason says it all), not an editor, or the text is open
    return TEXT_LOCKED_MESSAGES.get(revision.state, "").format(number=revision.number)


def panel_context(request, revision: Revision) -> dict:
    """What the workflow panel shows: buttons, the reasons for missing ones, the latest send-back, preview."""
    actions = permissions.allowed_actions(request.user, revision)
    decision = selectors.latest_decision(revision)
    if decision is not None and revision.state not in OPEN_STATES | {State.REJECTED}:
        decision = None  # approved since: the old request is history, in the workflow table below
    return {
        "workflow_revision": revision,
        "workflow_actions": actions,
        "workflow_comment_required_for": [rule.label for rule in actions if rule.comment_required],
        "approve_refusal": approve_refusal(request.user, revision),
        "workflow_quorum": selectors.quorum_progress(revision),
        "no_step_reason": no_step_reason(revision, actions),
        "text_locked_reason": text_locked_reason(request.user, revision, actions),
        "workflow_decision": decision,
        "workflow_decision_is_current": decision is not None and revision.state == decision.to_state,
        "workflow_comment": take_kept_comment(request, revision.pk),
        # The editor's own form carries the buttons: a step saves what was typed first.
        "workflow_with_content": bool(actions) and permissions.allowed(request.user, "edit", revision),
        "preview_url": reverse("articles:preview_revision", args=[revision.pk]),
    }


def _next_url(request, revision: Revision) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("admin:editorial_revision_change", args=[revision.pk])


def _confirmation(request, revision: Revision, action: str, expected_version: int) -> TemplateResponse:
    rule = RULES[action]
    comment = request.POST.get("comment", "")
    keep_comment(request, revision.pk, comment)  # "Cancel" goes back to the page with the reason still typed
    context = {
        **admin.site.each_context(request),
        "title": f"Confirm: {rule.label.lower()}",
        "revision": revision,
        "rule": rule,
        "consequence": rule.confirm.format(number=revision.number, title=revision.title),
        "comment": comment,
        "reason_category": request.POST.get("reason_category", ""),
        "withdrawal_reasons": WithdrawalReason.choices,
        "expected_version": expected_version,
        "next": _next_url(request, revision),
        "opts": Revision._meta,
    }
    return TemplateResponse(request, "admin/editorial/revision/confirm_step.html", context)


def take_step(request, revision: Revision, *, action: str, expected_version: int, saved: bool = False):
    """Take the workflow step a button asked for, through the service; say what happened, keep a refused comment.

    ``saved``: the button also saved edits typed on the page (they stay saved if the step is refused).
    """
    comment = request.POST.get("comment", "")
    rule = RULES.get(action)
    if rule is not None and rule.confirm and request.POST.get("confirmed") != "1":
        try:  # a refusal the policy knows now is said now, not after the confirmation
            permissions.check(request.user, action, revision, comment=comment)
        except WorkflowError:
            pass  # the service below refuses it, with the same words
        else:
            return _confirmation(request, revision, action, expected_version)
    try:
        services.revision_transition(
            actor=request.user,
            revision=revision,
            action=action,
            comment=comment,
            expected_version=expected_version,
            confirm_open_threads=request.POST.get("confirm_open_threads") == "1",
            full_review=request.POST.get("full_review") == "1",
            reason_category=request.POST.get("reason_category", ""),  # withdraw only; the service refuses a bad one
        )
    except WorkflowError as error:
        keep_comment(request, revision.pk, comment)
        label = rule.label if rule else action
        reason = STEP_AFTER_SAVE_REFUSED_MESSAGE.format(label=label, reason=error) if saved else str(error)
        messages.error(request, reason)
    else:
        done = f"{rule.label}: revision {revision.number} of “{revision.title}” is done."
        messages.success(request, f"Your changes were saved. {done}" if saved else done)
    return HttpResponseRedirect(_next_url(request, revision))
