import logging
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from editorial import errors, services
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
