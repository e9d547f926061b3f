"""Workflow emails through an outbox: written with the transition, sent after it commits, retried later.

The services call ``notify_*`` inside their transaction. Each email becomes a ``Notification`` row in
that same transaction (so a rolled-back transition leaves none), and ``transaction.on_commit`` tries to
send the new rows once the transition is durable: the task worker does
(``editorial.tasks``), or this process when tasks run at once. A failing mail server is logged and recorded
on the row (``attempts``, ``last_error``, and ``next_attempt_at`` for an exponential backoff); it never
undoes or blocks the transition. The worker's ``send_due_notifications`` job (and ``manage.py
send_notifications``) retries what is still unsent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.fields import one_line
from editorial import permissions
from editorial.models import Notification, ReviewComment, Revision
from editorial.rules import Role
from editorial.selectors import articles_due_for_review, board_members, revision_editors

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
CLAIM_FOR = timedelta(minutes=5)

SUBJECTS = {
    "submit": "Review requested: {title} (revision {number})",
    "assign": "Assigned to you for review: {title} (revision {number})",
    "comment": "Review comment: {title} (revision {number})",
    "request_changes": "Changes requested: {title} (revision {number})",
    "reject": "Rejected: {title} (revision {number})",
    "approve": "Approved and published: {title} (revision {number})",
    "withdraw": "Withdrawn from the public site: {title} (revision {number})",
}


def _users_in(role: str, *, with_superusers: bool = False) -> list:
    members = Q(groups__name=role) | Q(is_superuser=True) if with_superusers else Q(groups__name=role)
    User = get_user_model()
    return list(User.objects.filter(members, is_active=True).exclude(email="").distinct().order_by("pk"))


def editors_in_chief() -> list:
    """The editor-in-chief group; superusers too, so that someone always hears about withdrawals."""
    return _users_in(Role.EDITOR_IN_CHIEF, with_superusers=True)


def _revision_url(revision: Revision) -> str:
    base = settings.VETTED_SITE_URL  # the configured address (config/settings.py), never a guess
    return f"{base}/admin/editorial/revision/{revision.pk}/change/"


def _queue(*, recipients: Iterable, event: str, subject: str, body: str, revision: Revision | None) -> list[int]:
    """Write the outbox rows now and send them once the surrounding transaction commits."""
    # A header with a line break is refused by Django's mail (so the email would never leave). Titles are
    # single-line by validation; this keeps an older title, or anything else, from breaking the subject.
    subject = one_line(subject)
    ids = [
        Notification.objects.create(
            recipient=user, email=user.email, event=event, revision=revision, subject=subject[:300], body=body
        ).pk
        for user in recipients
        if user.email
    ]
    if ids:
        # The worker sends them (VETTED_TASKS=database), or this process at once (the default): either way
        # after the commit, and a mail server that hangs costs a decision nothing.
        from editorial.tasks import send_notifications  # the tasks module imports this one

        transaction.on_commit(lambda: send_notifications.enqueue(ids), robust=True)
    return ids


def recipients_for(*, action: str, revision: Revision, actor) -> list:
    """Who hears about ``action``: the board (or the assignee) on submit; the revision's editors (its
    author, and whoever last changed it) when changes are requested, as they make them; the author on
    the other decisions; the editor-in-chief on withdraw. The actor never emails themself."""
    if action == "submit":
        assignment = revision.assignments.select_related("reviewer").first()
        users = [assignment.reviewer] if assignment else board_members()
        users = [user for user in users if user.pk != revision.author_id]
    elif action == "request_changes":
        users = revision_editors(revision)
    elif action in {"reject", "approve"}:
        users = [revision.author]
    elif action == "withdraw":
        users = editors_in_chief()
    else:
        users = []
    return [user for user in users if user.pk != actor.pk]


def notify_transition(*, revision: Revision, action: str, actor, comment: str = "") -> list[int]:
    """Queue the emails that ``action`` on ``revision`` causes (call inside the transition's transaction)."""
    if action not in SUBJECTS:
        return []
    recipients = recipients_for(action=action, revision=revision, actor=actor)
    subject = SUBJECTS[action].format(title=revision.title, number=revision.number)
    who = actor.get_full_name() or actor.username
    body = f"{who}: {SUBJECTS[action].split(':')[0].lower()}.\n\n"
    if comment:
        body += f"Comment:\n{comment}\n\n"
    body += f"Open the revision: {_revision_url(revision)}\n"
    return _queue(recipients=recipients, event=action, subject=subject, body=body, revision=revision)


def notify_retraction(*, flag, actor) -> list[int]:
    """The editors of the approved revision hear that a source it cites was retracted."""
    revision = flag.revision
    subject = f"A source was retracted: {revision.title} cites [@{flag.reference.key}]"
    body = (
        f"[@{flag.reference.key}] {flag.reference.title}\nwas retracted on {flag.reference.retracted_on:%Y-%m-%d}. "
        f"The approved revision {revision.number} cites it here:\n\n{flag.sentences}\n\n"
        "The board is reviewing the article; start a new revision that replaces or discusses the source.\n\n"
        f"Open the revision: {_revision_url(revision)}\n"
    )
    recipients = [user for user in revision_editors(revision) if user.pk != actor.pk]
    return _queue(recipients=recipients, event="retraction", subject=subject, body=body, revision=revision)


def notify_comment(*, comment: ReviewComment, actor) -> list[int]:
    """A board member's comment or reply reaches the revision's editors (call inside the comment's transaction).

    Editors' own replies email nobody: the board reads them on the revision when it reviews again.
    """
    if not permissions.is_board_member(actor):
        return []
    revision = comment.revision
    recipients = [user for user in revision_editors(revision) if user.pk != actor.pk]
    subject = SUBJECTS["comment"].format(title=revision.title, number=revision.number)
    who = actor.get_full_name() or actor.username
    where = f"section “{comment.section_heading}”" if comment.section_heading else "the whole revision"
    kind = "replied in a review thread on" if comment.parent_id else "commented on"
    body = f"{who} {kind} {where}.\n\n"
    if comment.quote:
        body += f"Quoted passage:\n{comment.quote}\n\n"
    body += f"Comment:\n{comment.body}\n\n"
    thread_id = comment.parent_id or comment.pk
    body += f"Open the thread: {_revision_url(revision)}#thread-{thread_id}\n"
    return _queue(recipients=recipients, event="comment", subject=subject, body=body, revision=revision)


def notify_assignment(*, revision: Revision, reviewer, actor) -> list[int]:
    subject = SUBJECTS["assign"].format(title=revision.title, number=revision.number)
    who = actor.get_full_name() or actor.username
    body = f"{who} asked you to review this revision.\n\nOpen the revision: {_revision_url(revision)}\n"
    return _queue(recipients=[reviewer], event="assign", subject=subject, body=body, revision=revision)


def notify_overdue(*, articles: list) -> list[int]:
    """One digest to each editor-in-chief listing the articles whose review is overdue."""
    if not articles:
        return []
    lines = [f"- {article.slug}: due {article.next_review_due:%Y-%m-%d}" for article in articles]
    body = f"{len(articles)} article(s) are overdue for their periodic board review:\n\n" + "\n".join(lines) + "\n"
    subject = f"{len(articles)} article(s) overdue for review"
    with transaction.atomic():
        return _queue(recipients=editors_in_chief(), event="overdue", subject=subject, body=body, revision=None)


def notify_safety_overdue(*, revision: Revision, event: str) -> list[int]:
    """Tell each editor-in-chief that a safety update missed its deadline (call inside a transaction)."""
    category = revision.get_safety_category_display()
    subject = f"Safety update overdue: {revision.title} (revision {revision.number})"
    body = (
        f"This safety update ({category}) was due {revision.safety_due_at:%Y-%m-%d %H:%M} UTC and is still "
        f"{revision.get_state_display().lower()}.\n\nOpen the revision: {_revision_url(revision)}\n"
    )
    return _queue(recipients=editors_in_chief(), event=event, subject=subject, body=body, revision=revision)


def _claim(pk: int) -> Notification | None:
    """Take the row for sending unless it is sent or another sender holds it."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=pk, sent_at__isnull=True
    ).update(claimed_until=now + CLAIM_FOR)
    return Notification.objects.filter(pk=pk).first() if claimed else None


def send_one(pk: int, *, connection=None) -> bool | None:
    """Try to send one outbox row: True when sent, False when it failed, None when another sender has it.

    Never raises for a mail failure: it is recorded on the row and logged.
    """
    notification = _claim(pk)
    if notification is None:
        return None
    try:
        send_mail(
            one_line(notification.subject),  # rows queued before subjects were cleaned are retried too
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.email],
            fail_silently=False,
            connection=connection,
        )
    except Exception as error:  # any mail-server failure must stay out of the workflow
        logger.warning(
            "Email %s to %s failed (attempt %s): %s", pk, notification.email, notification.attempts + 1, error
        )
        Notification.objects.filter(pk=pk).update(
            attempts=notification.attempts + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            claimed_until=None,
            next_attempt_at=timezone.now() + retry_after(notification.attempts + 1),
        )
        return False
    Notification.objects.filter(pk=pk).update(
        sent_at=timezone.now(), attempts=notification.attempts + 1, last_error="", claimed_until=None
    )
    return True


def retry_after(attempts: int) -> timedelta:
    """Exponential backoff for a failing mail server: 1, 2, 4 ... minutes (VETTED_MAIL_RETRY_SECONDS), at most
    an hour."""
    return min(timedelta(seconds=settings.VETTED_MAIL_RETRY_SECONDS) * 2 ** max(attempts - 1, 0), timedelta(hours=1))


def send_due_notifications() -> tuple[int, int]:
    """The worker's job: send the unsent rows whose backoff has passed; return (sent, failed)."""
    due = Notification.objects.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
    return send_pending(ids=due.filter(sent_at__isnull=True).values_list("pk", flat=True))


def notify_overdue_reviews() -> int:
    """The worker's daily job (and ``manage.py notify_overdue_reviews``): one digest of overdue articles."""
    overdue = [article for article in articles_due_for_review() if article.is_overdue]
    notify_overdue(articles=overdue)
    return len(overdue)


def send_pending(*, ids: Iterable[int] | None = None, stop_at_first_failure: bool = False) -> tuple[int, int]:
    """Send unsent rows (``ids``, or every row still under MAX_ATTEMPTS); return (sent, failed).

    One connection serves the batch. After a transition (``ids`` given) the first failure stops the
    batch: a mail server that hangs then costs the request one EMAIL_TIMEOUT, not one per recipient;
    the rest wait for ``send_notifications``.
    """
    queryset = Notification.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    sent = failed = 0
    try:
        connection = get_connection(fail_silently=False)
    except Exception:  # a misconfigured backend must not surface in the request either
        logger.exception("No email connection; %s email(s) stay in the outbox", queryset.count())
        return 0, 0
    for pk in queryset.order_by("pk").values_list("pk", flat=True):
        try:
            ok = send_one(pk, connection=connection)
        except Exception:  # a database hiccup after commit must not surface in the request either
            logger.exception("Could not send email %s; it stays in the outbox", pk)
            ok = False
        if ok is None:
            continue
        sent += ok
        failed += not ok
        if not ok and stop_at_first_failure:
            break
    try:
        connection.close()
    except Exception:
        logger.warning("Closing the email connection failed", exc_info=True)
    return sent, failed
