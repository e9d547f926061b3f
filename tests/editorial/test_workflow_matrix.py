"""Every transition, for every role, from every state: allowed exactly where the rules say.

The expected table below is written out by hand from the issue, not derived from editorial.rules,
so a change to the rules that is not also a change to this table fails here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from editorial import errors, permissions, rules, services
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from tests.factories import make_article, make_user, publish

EDITORS = {"author", "second_editor", "chief", "superuser"}
BOARD = {"reviewer", "second_reviewer", "superuser"}

# action -> (states it may start from, actors who may take it)
EXPECTED = {
    "submit": ({State.DRAFT, State.CHANGES_REQUESTED}, EDITORS),
    "recall": ({State.SUBMITTED}, {"author"}),
    "start_review": ({State.SUBMITTED}, BOARD),
    "request_changes": ({State.UNDER_REVIEW}, BOARD),
    "reject": ({State.SUBMITTED, State.UNDER_REVIEW}, BOARD),
    "approve": ({State.UNDER_REVIEW}, BOARD),
    "withdraw": ({State.APPROVED}, {"chief", "superuser"}),
}
ACTORS = ["anonymous", "author", "second_editor", "reviewer", "second_reviewer", "chief", "superuser"]


class Undo(Exception):
    """Raised to roll back a successful attempt so the next actor starts from the same state."""


def revision_in_state(staff, state: str) -> Revision:
    """A revision authored by ``staff.author`` in ``state``, reached through the services only."""
    draft = make_article(actor=staff.author, slug=f"article-{state}")
    if state == State.DRAFT:
        return draft
    if state in {State.SUPERSEDED, State.APPROVED, State.WITHDRAWN}:
        first = publish(draft, editor=staff.author, reviewer=staff.reviewer)
        if state == State.APPROVED:
            return first
        if state == State.WITHDRAWN:
            return services.revision_withdraw(actor=staff.chief, revision=first, comment="Outdated advice")
        newer = services.revision_start_new(actor=staff.second_editor, article=first.article)
        publish(newer, editor=staff.second_editor, reviewer=staff.reviewer)
        first.refresh_from_db()
        return first
    submitted = services.revision_submit(actor=staff.author, revision=draft)
    if state == State.SUBMITTED:
        return submitted
    under_review = services.revision_start_review(actor=staff.reviewer, revision=submitted)
    if state == State.UNDER_REVIEW:
        return under_review
    if state == State.CHANGES_REQUESTED:
        return services.revision_request_changes(actor=staff.reviewer, revision=under_review, comment="Add sources")
    if state == State.REJECTED:
        return services.revision_reject(actor=staff.reviewer, revision=under_review, comment="Out of scope")
    raise AssertionError(state)


def snapshot(revision: Revision) -> tuple:
    revision = Revision.objects.get(pk=revision.pk)
    return (
        revision.state,
        revision.version,
        TransitionRecord.objects.count(),
        Revision.history.count(),
        revision.article.published_revision_id if hasattr(revision, "article") else None,
    )


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("state", [s.value for s in State])
def test_transition_allowed_only_for_the_right_role_and_state(staff, state, action):
    revision = revision_in_state(staff, state)
    assert revision.state == state
    people = {name: getattr(staff, name, None) for name in ACTORS}
    people["anonymous"] = AnonymousUser()
    sources, allowed_actors = EXPECTED[action]
    mismatches = []
    for name in ACTORS:
        expected_ok = state in sources and name in allowed_actors
        before = snapshot(revision)
        try:
            with transaction.atomic():
                moved = services.revision_transition(
                    actor=people[name], revision=revision, action=action, comment="Because."
                )
                assert moved.state == rules.RULES[action].target
                raise Undo
        except Undo:
            actual_ok = True
        except errors.WorkflowError:
            actual_ok = False
            assert snapshot(revision) == before, f"{name} was refused {action} but something changed"
        if actual_ok != expected_ok:
            mismatches.append(f"{name}: expected {'allowed' if expected_ok else 'refused'}")
        # The admin offers the button exactly when the service would accept the action.
        assert permissions.allowed(people[name], action, revision) == expected_ok, name
    assert not mismatches, f"{action} from {state}: " + "; ".join(mismatches)


def test_board_member_cannot_approve_own_revision(staff):
    editor_and_reviewer = make_user("both", rules.Role.EDITOR, rules.Role.BOARD)
    revision = make_article(actor=editor_and_reviewer, slug="own-work")
    revision = services.revision_submit(actor=editor_and_reviewer, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    with pytest.raises(errors.SelfApprovalError) as refused:
        services.revision_approve(actor=editor_and_reviewer, revision=revision)
    assert str(refused.value) == errors.SELF_APPROVAL_MESSAGE
    assert Revision.objects.get(pk=revision.pk).state == State.UNDER_REVIEW


def test_superuser_cannot_approve_own_revision(staff):
    revision = make_article(actor=staff.superuser, slug="root-work")
    revision = services.revision_submit(actor=staff.superuser, revision=revision)
    revision = services.revision_start_review(actor=staff.superuser, revision=revision)
    with pytest.raises(errors.SelfApprovalError):
        services.revision_approve(actor=staff.superuser, revision=revision)
    assert services.revision_approve(actor=staff.reviewer, revision=revision).state == State.APPROVED


@pytest.mark.parametrize("action", ["request_changes", "reject", "withdraw"])
def test_comment_is_required_for_decisions_that_need_a_reason(staff, action):
    state = State.APPROVED if action == "withdraw" else State.UNDER_REVIEW
    revision = revision_in_state(staff, state)
    actor = staff.chief if action == "withdraw" else staff.reviewer
    before = snapshot(revision)
    with pytest.raises(errors.CommentRequiredError):
        services.revision_transition(actor=actor, revision=revision, action=action, comment="   ")
    assert snapshot(revision) == before


def test_inactive_user_has_no_role(staff):
    staff.reviewer.is_active = False
    assert rules.roles_of(staff.reviewer) == frozenset()
