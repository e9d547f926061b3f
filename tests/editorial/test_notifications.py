import logging
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from editorial import errors, selectors, services
from editorial.models import Notification
from editorial.notifications import send_pending
from editorial.rules import State
from tests.factories import make_article, publish


class DownMailServerBackend(BaseEmailBackend):
    """A mail server that refuses every message, as a real SMTP server does when it is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server is down")


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_submit_emails_the_board_exactly_once_after_commit(staff, mailoutbox, django_capture_on_commit_callbacks):
    draft = make_article(actor=staff.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_submit(actor=staff.author, revision=draft)
        assert mailoutbox == []  # nothing leaves before the transition commits
    assert recipients(mailoutbox) == ["reviewer@vetted.test", "second_reviewer@vetted.test"]
    assert mailoutbox[0].subject == "Review requested: What is calciphylaxis? (revision 1)"
    assert all(n.sent_at is not None and n.attempts == 1 for n in Notification.objects.all())

    assert send_pending() == (0, 0)  # the retry command finds nothing left to send
    assert len(mailoutbox) == 2


def test_decisions_email_the_author_and_withdrawal_the_editor_in_chief(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert [m.subject for m in mailoutbox if m.to == ["author@vetted.test"]] == [
        "Approved and published: What is calciphylaxis? (revision 1)"
    ]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_withdraw(actor=staff.chief, revision=approved, comment="Outdated advice.")
    # The acting editor-in-chief is not told about their own action; the superuser is.
    assert recipients(mailoutbox) == ["root@vetted.test"]
    assert "Outdated advice." in mailoutbox[0].body


def test_resubmission_emails_only_the_assigned_reviewer(staff, mailoutbox, django_capture_on_commit_callbacks):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.second_reviewer)
    revision = services.revision_start_review(actor=staff.second_reviewer, revision=revision)
    revision = services.revision_request_changes(actor=staff.second_reviewer, revision=revision, comment="Fix it.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_submit(actor=staff.author, revision=revision)
    assert recipients(mailoutbox) == ["second_reviewer@vetted.test"]


def test_a_rolled_back_transition_sends_nothing(staff, mailoutbox, django_capture_on_commit_callbacks):
    draft = make_article(actor=staff.author)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.revision_submit(actor=staff.author, revision=draft)
        raise RuntimeError("something later in the same request failed")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_refused_transition_sends_nothing(staff, mailoutbox, django_capture_on_commit_callbacks):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    services.review_comment_add(actor=staff.reviewer, revision=revision, body="Open question.")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.OpenThreadsError):
        services.revision_approve(actor=staff.reviewer, revision=revision)
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_mail_server_that_is_down_does_not_block_approval_and_is_retried(
    staff, settings, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    Notification.objects.all().delete()
    settings.EMAIL_BACKEND = "tests.editorial.test_notifications.DownMailServerBackend"

    with (
        caplog.at_level(logging.WARNING, logger="editorial.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        approved = services.revision_approve(actor=staff.reviewer, revision=revision)

    assert approved.state == State.APPROVED
    assert Article.objects.get(pk=approved.article_id).published_revision == approved
    [queued] = Notification.objects.all()
    assert queued.sent_at is None and queued.attempts == 1
    assert queued.last_error == "ConnectionRefusedError: mail server is down"
    assert "mail server is down" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications")
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 2
    assert recipients(mailoutbox) == ["author@vetted.test"]


def test_overdue_reviews_are_emailed_to_the_editor_in_chief(staff, mailoutbox, django_capture_on_commit_callbacks):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article = Article.objects.get(pk=approved.article_id)
    article.next_review_due = timezone.localdate() - timedelta(days=3)
    article.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_overdue_reviews")
    assert recipients(mailoutbox) == ["chief@vetted.test", "root@vetted.test"]
    assert "calciphylaxis" in mailoutbox[0].body


def test_after_a_failure_the_rest_of_the_batch_waits_for_the_retry_command(
    staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.editorial.test_notifications.DownMailServerBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    attempts = sorted(Notification.objects.values_list("attempts", flat=True))
    assert attempts == [0, 1]  # one try against the dead server, not one per board member

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending() == (2, 0)
    assert recipients(mailoutbox) == ["reviewer@vetted.test", "second_reviewer@vetted.test"]


def changes_requested_then_edited_by(staff, editor):
    """Revision 1 by ``author``: changes requested by ``reviewer``, then ``editor`` changes one section's body."""
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    revision = services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="Cite the dose.")
    sections = [
        {"id": s.pk, "heading": s.heading, "body": s.body, "plain_body": s.plain_body} for s in revision.sections.all()
    ]
    sections[1]["body"] = "Sodium thiosulfate 25 g three times a week is used."
    return services.revision_edit(actor=editor, revision=revision, expected_version=revision.version, sections=sections)


def test_the_last_editor_is_whoever_last_changed_the_content_not_a_reviewers_decision(staff):
    revision = changes_requested_then_edited_by(staff, staff.second_editor)
    assert selectors.last_content_editor(revision) == staff.second_editor  # a section-only change counts
    revision = services.revision_submit(actor=staff.author, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    assert selectors.last_content_editor(revision) == staff.second_editor  # state moves change no content
    assert selectors.revision_editors(revision) == [staff.author, staff.second_editor]


def test_a_board_members_comment_emails_the_author_and_the_last_editor_after_commit(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    revision = changes_requested_then_edited_by(staff, staff.second_editor)
    revision = services.revision_submit(actor=staff.second_editor, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    treatment = revision.sections.get(heading="Treatment")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        thread = services.review_comment_add(
            actor=staff.reviewer, revision=revision, section=treatment, quote="25 g", body="Per dialysis session?"
        )
        assert mailoutbox == []  # nothing leaves before the comment commits

    assert recipients(mailoutbox) == ["author@vetted.test", "second_editor@vetted.test"]
    message = mailoutbox[0]
    assert message.subject == "Review comment: What is calciphylaxis? (revision 1)"
    assert message.body.startswith("Ada Reviewer commented on section “Treatment”.")
    assert "Quoted passage:\n25 g" in message.body
    assert "Comment:\nPer dialysis session?" in message.body
    assert f"/admin/editorial/revision/{revision.pk}/change/#thread-{thread.pk}" in message.body
    assert set(Notification.objects.filter(event="comment").values_list("email", flat=True)) == {
        "author@vetted.test",
        "second_editor@vetted.test",
    }

    # An editor's reply emails nobody; a board member's reply reaches the editors again.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_comment_add(actor=staff.second_editor, revision=revision, parent=thread, body="Yes.")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.review_comment_add(actor=staff.second_reviewer, revision=revision, parent=thread, body="Cite it.")
    assert recipients(mailoutbox) == ["author@vetted.test", "second_editor@vetted.test"]
    assert mailoutbox[0].body.startswith("second_reviewer replied in a review thread on section “Treatment”.")


def test_a_comment_that_is_refused_or_rolled_back_emails_nobody(staff, mailoutbox, django_capture_on_commit_callbacks):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    mailoutbox.clear()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.review_comment_add(actor=staff.reviewer, revision=revision, body="Lost with the request.")
        raise RuntimeError("something later in the same request failed")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.WrongRoleError):
        services.review_comment_add(actor=staff.author, revision=revision, body="Editors only reply.")
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_request_changes_emails_the_author_and_the_last_editor_with_the_reason(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    revision = changes_requested_then_edited_by(staff, staff.second_editor)
    revision = services.revision_submit(actor=staff.second_editor, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="Give the infusion time.")

    assert recipients(mailoutbox) == ["author@vetted.test", "second_editor@vetted.test"]
    assert {m.subject for m in mailoutbox} == {"Changes requested: What is calciphylaxis? (revision 1)"}
    assert all("Give the infusion time." in m.body for m in mailoutbox)


def test_request_changes_on_a_revision_only_its_author_wrote_emails_the_author_once(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="Cite the dose.")
    assert recipients(mailoutbox) == ["author@vetted.test"]
