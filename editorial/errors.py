"""Every refusal of the editorial workflow: named errors with the words the admin shows and the tests expect.

``str(error)`` is the user-facing text. Services raise them; the permission policy raises the
authorization ones; views turn them into messages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

# Each message reads as a sentence for every value it is formatted with: ``{action}`` is a phrase of
# ACTION_PHRASES ("request changes to a revision", never the code ``request_changes``), ``{state}`` one of
# STATE_PHRASES ("back with its editor for changes", never "changes requested" after "is").
# tests/editorial/test_messages.py formats every message with every action and state.
ACTION_PHRASES = {
    "submit": "submit a revision",
    "recall": "recall a revision",
    "start_review": "start the review of a revision",
    "request_changes": "request changes to a revision",
    "reject": "reject a revision",
    "approve": "approve a revision",
    "withdraw": "withdraw a revision",
    "supersede": "supersede a revision",
}
# The review desk's step that a recusal also refuses (not a transition of the workflow).
CONFIRM_CURRENT_PHRASE = "confirm that this article is still current"
STATE_PHRASES = {
    "draft": "a draft",
    "submitted": "submitted for review",
    "under_review": "under review",
    "changes_requested": "back with its editor for changes",
    "approved": "approved",
    "rejected": "rejected",
    "superseded": "superseded",
    "withdrawn": "withdrawn",
}


def action_phrase(action: str) -> str:
    """What ``action`` does, as words that follow "to" or "may": "request changes to a revision"."""
    return ACTION_PHRASES.get(action, action.replace("_", " ") + " a revision")


def state_phrase(state: str) -> str:
    """Where a revision in ``state`` is, as words that follow "is": "back with its editor for changes"."""
    return STATE_PHRASES.get(state, state.replace("_", " "))


WRONG_STATE_MESSAGE = "You cannot {action} that is {state}."
WRONG_ROLE_MESSAGE = "Only {who} may {action}."
SYSTEM_ACTION_MESSAGE = "Nobody may {action} by hand: the workflow does it when a newer revision is approved."
SELF_APPROVAL_MESSAGE = "You wrote this revision, so another board member must approve it."
CONTRIBUTOR_APPROVAL_MESSAGE = "You changed this revision's content ({what}), so another board member must approve it."
COMMENT_REQUIRED_MESSAGE = "A comment is required to {action}: say why."
UNKNOWN_WITHDRAWAL_REASON_MESSAGE = (
    "Choose the category of the withdrawal (safety, superseded, error or other): partners are told it."
)
STALE_MESSAGE = (
    "Someone else changed this revision while you were working on it (you had version {expected}, "
    "it is now version {actual}). Reload the page to see their changes; nothing was saved."
)
IMMUTABLE_MESSAGE = "Revision {number} is {state}, so its content can no longer be changed. {advice}"
# What to do instead, by the state of the revision that cannot be changed.
IMMUTABLE_ADVICE = {
    "submitted": "Its author may recall it to draft until a board member starts the review.",
    "under_review": "A board member may request changes, which sends it back to its editor.",
}
START_NEW_REVISION_ADVICE = "Start a new revision instead."


def immutable_message(number: int, state: str) -> str:
    """Why revision ``number`` in ``state`` cannot be changed, and what to do instead."""
    advice = IMMUTABLE_ADVICE.get(state, START_NEW_REVISION_ADVICE)
    return IMMUTABLE_MESSAGE.format(number=number, state=state_phrase(state), advice=advice)


UNKNOWN_KEYS_MESSAGE = "These citations name no reference in the library: {keys}."
OPEN_REVISION_EXISTS_MESSAGE = "Revision {number} of this article is still {state}; finish it before starting another."
NO_SUCH_TRANSITION_MESSAGE = "There is no transition called {action!r}."

COMMENT_ROLE_MESSAGE = "Only board members start comment threads; editors reply to them."
REPLY_ROLE_MESSAGE = "Only board members and editors may reply to review comments."
COMMENT_STATE_MESSAGE = "You cannot comment on a revision that is {state}."
COMMENT_EMPTY_MESSAGE = "A comment needs some text."
COMMENT_TARGET_MESSAGE = (
    "That section or thread is not part of this revision (the page may be out of date). Nothing was saved: "
    "reload the page and comment again."
)
RESOLVE_ROLE_MESSAGE = "Only a board member reviewing this revision, the thread's author or an editor may resolve it."
RESOLVE_STATE_MESSAGE = (
    "This revision is {state}: only the thread's author or an editor may still resolve it, not another board member."
)
ALREADY_RESOLVED_MESSAGE = "This thread is already resolved."
OPEN_THREADS_MESSAGE = (
    "{count} comment thread(s) are still open on this revision. Resolve them, or confirm that you approve "
    "with them open."
)
ASSIGN_ROLE_MESSAGE = "Only the editor-in-chief may assign a revision to a reviewer."
ASSIGN_STATE_MESSAGE = "Only a submitted or under-review revision can be assigned, not one that is {state}."
ASSIGN_REVIEWER_MESSAGE = "{name} cannot review this revision: choose a board member who is not its author."
APPROVE_WORDING_MESSAGE = (
    "Only a board member who did not write or change this wording may approve it for the question box."
)
CONFIRM_ROLE_MESSAGE = "Only a board member may confirm that an article is still current."
CONFIRM_UNPUBLISHED_MESSAGE = "This article has no approved revision to confirm."
CONFIRM_COMMENT_MESSAGE = "Say what you checked: a comment is required to confirm that an article is current."
DASHBOARD_ROLE_MESSAGE = "Only the editor-in-chief may see the review dashboard."
DESK_ROLE_MESSAGE = "Only members of the editorial team may use the review desk."
WRITE_ROLE_MESSAGE = "Only editors may edit a revision."

# The board's rules (editorial/permissions/board.py). A refusal names the disclosure it rests on.
RECUSED_MESSAGE = (
    "Your disclosure of {declared} (“{interests}”) declares a conflict on {topics}, a topic of this article, "
    "so you are recused from its review: you may not {action}."
)
RECUSED_REVIEWER_MESSAGE = (
    "{name} is recused from this article: their disclosure of {declared} (“{interests}”) declares a conflict on "
    "{topics}."
)
DISCLOSURE_EXPIRED_MESSAGE = (
    "Your conflict-of-interest disclosure of {declared} lapsed on {until}: declare your interests again before "
    "you approve a revision."
)
ALREADY_APPROVED_MESSAGE = (
    "You already approved this revision in this round ({count} of {needed} approvals): another board member "
    "must approve it."
)

# The revision page, when its state offers the user no step: who acts next, by state ({number}).
NO_STEP_MESSAGES = {
    "draft": "Revision {number} is a draft: its editors are still writing it. The board reviews it once an editor "
    "submits it.",
    "submitted": "Revision {number} is waiting for a board member to start the review; until then only its author "
    "may recall it to draft.",
    "under_review": "Revision {number} is under review: its text is locked until a board member who did not write "
    "it approves it, requests changes or rejects it.",
    "changes_requested": "Revision {number} is back with its editors for changes; the board sees it again when an "
    "editor resubmits it.",
    "approved": "Revision {number} is the published version. To change the article, start a new revision from the "
    "article's page; only the editor-in-chief may withdraw it.",
    "rejected": "Revision {number} was rejected and is closed for good. To continue, start a new revision from the "
    "article's page.",
    "superseded": "Revision {number} was replaced by a newer approved revision; it is kept for the record.",
    "withdrawn": "Revision {number} was withdrawn from the public site; it is kept for the record. To publish the "
    "article again, start a new revision from the article's page.",
}
# Why an editor with a step to take still finds the text read-only, by state ({number}).
TEXT_LOCKED_MESSAGES = {
    "submitted": "The text of revision {number} is locked while it waits for review; its author may recall it to "
    "draft to change it.",
    "under_review": "The text of revision {number} is locked while the board reviews it.",
    "approved": "Approved text never changes: to change the article, start a new revision from the article's page.",
}
# A workflow button pressed on a page with unsaved edits ({label}: the button).
UNSAVED_INVALID_MESSAGE = (
    "Nothing was saved and “{label}” was not done: correct the errors below, then press “{label}” again. "
    "What you typed is still here."
)
STALE_UNSAVED_MESSAGE = (
    "Nothing was saved and “{label}” was not done: someone else saved this revision while you were typing. "
    "What you typed is still below: copy it, reload the page to see their changes, then add yours again."
)
STEP_AFTER_SAVE_REFUSED_MESSAGE = "Your changes were saved, but “{label}” was not done: {reason}"


class WorkflowError(Exception):
    """Base for every refusal of the editorial workflow; ``str(error)`` is the user-facing text."""


class WrongStateError(WorkflowError):
    pass


class WrongRoleError(WorkflowError, PermissionDenied):
    pass


class SelfApprovalError(WrongRoleError):
    pass


class RecusedError(WrongRoleError):
    """A declared conflict on one of the article's topics: the member takes no part in its review."""


class DisclosureExpiredError(WrongRoleError):
    pass


class AlreadyApprovedError(WrongRoleError):
    """Nobody's approval counts twice toward a quorum."""


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


class CommentError(WorkflowError):
    pass


class OpenThreadsError(WorkflowError):
    def __init__(self, count: int):
        self.count = count
        super().__init__(OPEN_THREADS_MESSAGE.format(count=count))


# Evidence (issue 17): grades, retracted sources, the pre-submit quality checks, the retraction queue.
INVALID_GRADE_MESSAGE = (
    "This revision cannot be submitted: {grades} is not a grade of the {scheme} scheme this site uses "
    "(its grades: {valid}). Correct the grade marker."
)
RETRACTED_SOURCE_MESSAGE = (
    "This revision cannot be submitted: it cites {keys}, retracted. Remove the citation, or, where the text "
    "discusses the retraction, mark it as cited knowingly by writing the word retracted in curly brackets "
    "right after the citation."
)
RETRACTED_SOURCE_APPROVE_MESSAGE = (
    "This revision cannot be approved: it cites {keys}, retracted since it was submitted. Request changes, "
    "so that the citation is removed or marked as cited knowingly."
)
QUALITY_BLOCKED_MESSAGE = "This revision cannot be submitted until these checks pass: {findings}."
EVIDENCE_ROLE_MESSAGE = "Only a member of the Medical Advisory Board confirms or corrects a source's study design."
RETRACTION_QUEUE_ROLE_MESSAGE = "Only the editor-in-chief and the Medical Advisory Board see the retraction queue."
BOARD_LISTING_MESSAGE = (
    "Only members of the Medical Advisory Board are listed on the board page: add this user to the board first, "
    'or untick "listed" (an unlisted profile still credits the reviews they did).'
)
NOTICE_ROLE_MESSAGE = "Only a member of the Medical Advisory Board approves a retraction notice for readers."
NOTICE_STATE_MESSAGE = "This retraction notice is {state}; there is nothing to approve."


class EvidenceError(WorkflowError):
    """A revision's evidence refuses a submit (grade, retracted source, a blocking quality check)."""


class UnknownWithdrawalReasonError(WorkflowError):
    """A withdrawal without one of the reason categories partners are told."""
