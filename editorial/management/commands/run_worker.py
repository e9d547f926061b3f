"""The task worker: runs queued django-tasks and queues the scheduled jobs (docs/deploy.md).

django-tasks-db's ``db_worker`` runs what is queued but has no scheduler, so this command adds the smallest
one: before each pass it queues ``editorial.tasks.run_job`` for every job of ``VETTED_WORKER_JOBS`` whose
period has passed since it was last queued (read from the queue itself, so a restart does not repeat the
daily digest) and that is not already waiting or running. Then it runs every ready task, with the library's
worker (claims, signals, results), and sleeps ``--interval``. Needs ``VETTED_TASKS=database``.

Several workers may run: the tasks are claimed one by one, and the outbox jobs claim their rows. A job two
workers queue at the same moment runs twice, which every job here tolerates (the overdue digest aside,
which is why the layout in docs/deploy.md runs one worker).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from editorial.tasks import run_job

logger = logging.getLogger(__name__)


def last_queued(path: str):
    """When the job was last queued, and whether that one is still waiting or running."""
    latest = (
        DBTaskResult.objects.filter(task_path=run_job.module_path, args_kwargs__args__0=path)
        .order_by("-enqueued_at")
        .values_list("enqueued_at", "status")
        .first()
    )
    return (None, False) if latest is None else (latest[0], latest[1] in ("READY", "RUNNING"))


def queue_due_jobs(next_due: dict[str, object]) -> None:
    now = timezone.now()
    for path, every in settings.VETTED_WORKER_JOBS.items():
        if path in next_due and next_due[path] > now:
            continue
        queued_at, pending = last_queued(path)
        if not pending and (queued_at is None or queued_at + timedelta(seconds=every) <= now):
            run_job.enqueue(path)
            queued_at = now
        next_due[path] = (queued_at or now) + timedelta(seconds=every)


class Command(BaseCommand):
    help = "Run the task worker: queued emails, purge retries, reminders and every job of VETTED_WORKER_JOBS."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between passes (default 0.5).")

    def handle(self, *args, interval: float, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("Set VETTED_TASKS=database: with tasks run at once there is nothing to work on.")
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,  # one pass over what is ready, then back here to queue the due jobs
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()  # SIGTERM ends the loop after the running task
        self.stdout.write(f"Worker {worker.worker_id} running {len(settings.VETTED_WORKER_JOBS)} scheduled job(s)")
        next_due: dict[str, object] = {}
        while worker.running:
            try:
                queue_due_jobs(next_due)
                worker.run()
            except (OperationalError, InterfaceError) as error:  # the database blinked: try again next pass
                logger.warning("Task worker pass failed: %s", error)
                close_old_connections()
            time.sleep(interval)
