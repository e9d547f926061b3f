"""After a phase, in this process: what the database holds against what the traffic was told, and the mail
retry after the mail outage."""

from __future__ import annotations

from soak.smtp_sink import SmtpSink
from soak.traffic import Phase


def history_rows_since(moment) -> int:
    from articles.models import Article
    from editorial.models import Revision, Section

    return sum(m.history.filter(history_date__gte=moment).count() for m in (Article, Revision, Section))


def verify(phase: Phase) -> dict:
    from django.db import close_old_connections, connection

    from editorial.integrity import find_violations
    from editorial.models import Revision, TransitionRecord

    connection.close()
    close_old_connections()
    approvals = TransitionRecord.objects.filter(revision_id__in=phase.reviews, action="approve")
    per_revision = {pk: approvals.filter(revision_id=pk).count() for pk in phase.reviews}
    approved = Revision.objects.filter(pk__in=phase.reviews, state="approved").count()
    lost_saves, saves_stored = [], 0
    for revision_pk, attempts in phase.attempts.items():
        stored = Revision.objects.get(pk=revision_pk)
        saves_stored += stored.version - phase.initial_versions[revision_pk]
        acknowledged = phase.last_acknowledged.get(revision_pk)
        if acknowledged is not None and stored.title not in attempts[attempts.index(acknowledged) :]:
            lost_saves.append((revision_pk, acknowledged, stored.title))  # an older text came back
    applied = sum(per_revision.values())
    # One history row per change: an approval writes the approved revision, the superseded one and the
    # article; each stored save (one version step) writes its revision (sections unchanged).
    expected_history = 3 * applied + saves_stored
    return {
        "approvals_attempted": phase.approvals_attempted,
        "approvals_attempted_by": phase.approvals_by,
        "approvals_applied": applied,
        "revisions_approved_exactly_once": sum(1 for n in per_revision.values() if n == 1),
        "revisions_to_approve": len(phase.reviews),
        "approved_more_than_once": [pk for pk, n in per_revision.items() if n > 1],
        "revisions_in_approved_state": approved,
        "saves_attempted": phase.saves_attempted,
        "saves_acknowledged": phase.saves_acknowledged,
        "saves_stored": saves_stored,
        "lost_saves": lost_saves,
        "history_rows_expected": expected_history,
        "history_rows_found": history_rows_since(phase.started_at_db),
        "integrity_violations": [str(v) for v in find_violations()],
    }


def retry_mail(sink: SmtpSink, phase: Phase) -> dict:
    """After the mail phase: the outbox kept every email; start the mail server and let the task worker
    deliver them (it retries with backoff), then count deliveries."""
    import time
    from collections import Counter

    from django.db import connection

    from editorial.models import Notification

    connection.close()
    queued = Notification.objects.filter(created_at__gte=phase.started_at_db)
    pending = list(Notification.objects.filter(sent_at__isnull=True).values_list("pk", "email", "subject"))
    report = {
        "mail_queued_during_outage": queued.count(),
        "mail_pending_after_outage": queued.filter(sent_at__isnull=True).count(),
        "mail_failed_attempts_recorded": queued.filter(attempts__gte=1).exclude(last_error="").count(),
        "mail_pending_before_retry": len(pending),
    }
    already = len(sink.received())
    sink.start()
    started = time.monotonic()
    still = Notification.objects.filter(pk__in=[pk for pk, _, _ in pending], sent_at__isnull=True)
    while still.exists() and time.monotonic() - started < 180:
        time.sleep(0.5)
    waited = time.monotonic() - started
    time.sleep(5)  # a few more worker passes: nothing may be sent twice
    delivered = Counter((message.recipients, message.subject) for message in sink.received()[already:])
    expected = Counter(((email,), subject) for _, email, subject in pending)
    report |= {
        "mail_worker_delivered_within_seconds": round(waited, 1),
        "mail_delivered_by_retry": sum(delivered.values()),
        "mail_delivered_exactly_once": sum(1 for key in expected if delivered[key] == 1),
        "mail_delivered_twice_or_more": sum(1 for key in expected if delivered[key] > 1),
        "mail_delivered_unexpected": sum(n for key, n in delivered.items() if key not in expected),
        "mail_still_pending": still.count(),
    }
    return report
