"""The jobs the task worker runs (django-tasks; ``manage.py run_worker``, docs/deploy.md).

Two kinds: ``send_notifications``, queued after a decision commits with the ids of its emails, and
``run_job``, which the worker queues on the schedule in ``settings.VETTED_WORKER_JOBS`` (a plain function's
dotted path and its period), so adding a job is one line there. The outboxes keep their own attempts and
backoff (``editorial.notifications``, ``articles.purges``): a job that finds nothing due does nothing, and a
task that raises is shown as failed in the admin's queue (*Django Tasks DB > Task results*).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from editorial import notifications

KEEP_SUCCEEDED = timedelta(days=1)
KEEP_FAILED = timedelta(days=30)


class DeliveryFailed(Exception):
    """Some emails or purges failed; their outbox rows say why and when they are tried again."""


@task()
def send_notifications(ids: list[int]) -> int:
    """Send a decision's emails. The first failure stops the batch (a hanging mail server costs one
    ``EMAIL_TIMEOUT``); the rest wait for ``send_due_notifications``, after the row's backoff."""
    sent, failed = notifications.send_pending(ids=ids, stop_at_first_failure=True)
    if failed:
        raise DeliveryFailed(f"{failed} email(s) failed; retried by the worker with backoff")
    return sent


@task()
def run_job(path: str) -> str:
    """Run one scheduled job: a plain function named by its dotted path. Outbox jobs return (sent, failed)."""
    result = import_string(path)()
    if isinstance(result, tuple) and len(result) == 2 and result[1]:
        raise DeliveryFailed(f"{path}: {result[0]} sent, {result[1]} failed; retried with backoff")
    return repr(result)


def prune_finished_tasks() -> int:
    """Keep the queue readable: successful results a day, failed ones a month."""
    now = timezone.now()
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=now - KEEP_SUCCEEDED).delete()
    old_failures, _ = DBTaskResult.objects.failed().filter(finished_at__lt=now - KEEP_FAILED).delete()
    return deleted + old_failures
