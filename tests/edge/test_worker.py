"""The task worker (``manage.py run_worker``, django-tasks) as a process of its own: it sends the emails a
decision queued, retries them with backoff while the mail server is down, and lists its tasks in the queue
the admin shows.
"""

from __future__ import annotations

import pytest

from soak.edge_servers import TaskWorker, free_port
from soak.smtp_sink import SmtpSink
from tests.edge.conftest import seconds_until

# Their own SQLite site behind real servers, whatever DATABASE_URL says: .ci/run runs them once (SQLite pass).
pytestmark = pytest.mark.own_site


def test_the_worker_sends_a_decisions_emails_and_retries_them_while_the_mail_server_is_down(site):
    smtp_port = free_port()
    mail = {
        "VETTED_TASKS": "database",  # the decision's process queues; only the worker sends
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "2",
        "VETTED_MAIL_RETRY_SECONDS": "1",
        "VETTED_MAIL_SWEEP_SECONDS": "1",
    }
    # A board member rejects the demo's submitted CKD-MBD revision: its author is emailed.
    site.manage("transition", "5", "reject", "--as", "board", "--comment", "Out of scope.", **mail)
    [(email_id, sent_at)] = site.rows(
        "SELECT id, sent_at FROM editorial_notification WHERE event = 'reject' ORDER BY id DESC LIMIT 1"
    )
    assert sent_at is None  # queued for the worker, not sent by the decision's process
    assert site.rows(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%send_notifications'"
    ) == [("READY",)]

    worker = TaskWorker({**site.env, **mail})
    sink = SmtpSink(smtp_port)
    worker.start()
    try:
        failed = seconds_until(
            lambda: site.rows("SELECT attempts FROM editorial_notification WHERE id = ?", email_id)[0][0] >= 1, 60
        )
        assert failed is not None, worker.output()
        [(attempts, error, retry_at)] = site.rows(
            "SELECT attempts, last_error, next_attempt_at FROM editorial_notification WHERE id = ?", email_id
        )
        assert error and retry_at is not None  # why, and when it is tried again

        sink.start()  # the mail server is back
        delivered = seconds_until(
            lambda: site.rows("SELECT sent_at FROM editorial_notification WHERE id = ?", email_id)[0][0], 60
        )
        assert delivered is not None, worker.output()
    finally:
        worker.stop()
        sink.stop()
    [message] = sink.received()  # exactly once, though the worker kept sweeping
    assert message.subject.startswith("Rejected:")
    statuses = dict(
        site.rows(
            "SELECT task_path, group_concat(DISTINCT status) FROM django_tasks_database_dbtaskresult GROUP BY task_path"
        )
    )
    assert statuses["editorial.tasks.send_notifications"] == "FAILED"  # shown as failed in the admin's queue
    assert "SUCCESSFUL" in statuses["editorial.tasks.run_job"]
