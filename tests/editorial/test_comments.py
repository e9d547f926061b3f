import pytest

from editorial import errors, selectors, services
from editorial.models import ReviewComment, TransitionRecord
from editorial.rules import State
from tests.editorial.desk_helpers import published_article, submitted_revision
from tests.factories import make_user


def section_named(revision, heading):
    return revision.sections.get(heading=heading)


@pytest.fixture
def in_review(staff):
    return submitted_revision(staff, published_article(staff))


def test_comment_threads_stay_with_the_revision_across_a_changes_requested_round_trip(staff, in_review):
    treatment = section_named(in_review, "Treatment")
    thread = services.review_comment_add(
        actor=staff.reviewer,
        revision=in_review,
        section=treatment,
        quote="often used",
        body="How often? Cite the dosing guideline.",
    )
    revision = services.revision_request_changes(actor=staff.reviewer, revision=in_review, comment="See comments.")
    assert revision.state == State.CHANGES_REQUESTED
    assert selectors.open_threads(revision) == [thread]

    reply = services.review_comment_add(
        actor=staff.second_editor, revision=revision, parent=thread, body="Three times a week; cited [@b]."
    )
    revision = services.revision_edit(
        actor=staff.second_editor,
        revision=revision,
        expected_version=revision.version,
        change_note="Dosing added",
    )
    revision = services.revision_submit(actor=staff.second_editor, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)

    thread.refresh_from_db()
    assert selectors.open_threads(revision) == [thread]
    assert thread.section == treatment  # the section survived the edit, so the thread still points at it
    assert list(thread.replies.all()) == [reply]
    assert reply.section_heading == "Treatment"

    services.review_comment_resolve(actor=staff.reviewer, comment=thread)
    revision = services.revision_approve(actor=staff.reviewer, revision=revision)
    assert revision.state == State.APPROVED
    assert [h.history_change_reason for h in thread.history.order_by("history_id")] == ["Comment", "Resolved"]


def test_approving_with_open_threads_needs_confirmation_and_records_them(staff, in_review):
    services.review_comment_add(actor=staff.second_reviewer, revision=in_review, body="Check the outlook figures.")

    with pytest.raises(errors.OpenThreadsError) as refused:
        services.revision_approve(actor=staff.reviewer, revision=in_review)
    assert str(refused.value) == errors.OPEN_THREADS_MESSAGE.format(count=1)
    in_review.refresh_from_db()
    assert in_review.state == State.UNDER_REVIEW

    approved = services.revision_approve(
        actor=staff.reviewer, revision=in_review, comment="Fine as is.", confirm_open_threads=True
    )
    record = TransitionRecord.objects.get(revision=approved, action="approve")
    assert record.comment.startswith("Fine as is.\n\nApproved with 1 open comment thread(s), confirmed")
    assert "Check the outlook figures." in record.comment


def test_open_threads_are_carried_to_the_next_revision(staff, in_review):
    outlook = section_named(in_review, "Outlook")
    thread = services.review_comment_add(
        actor=staff.reviewer, revision=in_review, section=outlook, body="Add survival figures next time."
    )
    services.review_comment_add(actor=staff.second_editor, revision=in_review, parent=thread, body="Will do.")
    approved = services.revision_approve(actor=staff.reviewer, revision=in_review, confirm_open_threads=True)

    following = services.revision_start_new(actor=staff.author, article=approved.article)

    [carried] = selectors.open_threads(following)
    assert carried.carried_from == thread
    assert carried.section == section_named(following, "Outlook")
    assert carried.body == "Add survival figures next time."
    assert [r.body for r in carried.replies.all()] == ["Will do."]


def test_only_board_members_start_threads_and_editors_reply(staff, in_review):
    with pytest.raises(errors.WrongRoleError, match="Only board members start comment threads"):
        services.review_comment_add(actor=staff.author, revision=in_review, body="Looks good to me.")
    thread = services.review_comment_add(actor=staff.reviewer, revision=in_review, body="Why?")
    reply = services.review_comment_add(actor=staff.author, revision=in_review, parent=thread, body="Because.")
    assert reply.parent == thread


def test_any_board_member_may_resolve_a_thread_in_a_revision_under_review(staff, in_review):
    thread = services.review_comment_add(actor=staff.reviewer, revision=in_review, body="Why?")
    services.review_comment_add(actor=staff.second_editor, revision=in_review, parent=thread, body="Because.")

    resolved = services.review_comment_resolve(actor=staff.second_reviewer, comment=thread)

    assert resolved.resolved_by == staff.second_reviewer
    assert selectors.open_threads(in_review) == []
    assert [h.history_user for h in thread.history.order_by("history_id")] == [staff.reviewer, staff.second_reviewer]
    with pytest.raises(errors.CommentError, match="already resolved"):
        services.review_comment_resolve(actor=staff.reviewer, comment=thread)
    # Nothing left open: the approval needs no confirmation and records none.
    approved = services.revision_approve(actor=staff.reviewer, revision=in_review)
    assert "open comment thread" not in TransitionRecord.objects.get(revision=approved, action="approve").comment


def test_another_board_member_may_not_resolve_a_thread_once_the_revision_is_decided(staff, in_review):
    thread = services.review_comment_add(actor=staff.reviewer, revision=in_review, body="Why?")
    services.revision_approve(actor=staff.reviewer, revision=in_review, confirm_open_threads=True)

    with pytest.raises(errors.WrongStateError, match="This revision is approved"):
        services.review_comment_resolve(actor=staff.second_reviewer, comment=thread)
    thread.refresh_from_db()
    assert thread.resolved_at is None
    resolved = services.review_comment_resolve(actor=staff.second_editor, comment=thread)  # editors still may
    assert resolved.resolved_by == staff.second_editor


def test_staff_without_a_workflow_role_may_not_resolve_a_thread(staff, in_review):
    thread = services.review_comment_add(actor=staff.reviewer, revision=in_review, body="Why?")
    with pytest.raises(errors.WrongRoleError, match="Only a board member reviewing this revision"):
        services.review_comment_resolve(actor=make_user("outsider"), comment=thread)
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_no_comments_on_a_decided_revision(staff):
    approved = published_article(staff)
    with pytest.raises(errors.WrongStateError):
        services.review_comment_add(actor=staff.reviewer, revision=approved, body="Late thought.")
    assert not ReviewComment.objects.exists()
