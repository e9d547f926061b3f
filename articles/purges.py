"""The CDN purge outbox: surrogate keys queued in the transaction, sent on commit, retried with backoff.

``queue_purge`` writes a ``PurgeRequest`` inside the transaction that changes the pages and sends it once
that commits (after the page tokens are renewed, so the proxy's refetch gets the new page). A proxy that
is down costs the request at most ``VETTED_PURGE_TIMEOUT`` per proxy, never the decision: the row stays
due and the worker's ``send_due_purges`` retries it with exponential backoff. A row sent once is sent again
``SETTLE_SECONDS`` later: a proxy fetch that started before the commit may store the old page after the
first purge, and with ``s-maxage`` a day that would stay a day.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import PurgeRequest
from pagecache import purge

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 3
CLAIM_FOR = timedelta(minutes=1)
MAX_BACKOFF_SECONDS = 600


def queue_purge(keys: list[str]) -> int | None:
    """Write the outbox row now and send it once the surrounding transaction commits (no purger: nothing)."""
    if not purge.purging():
        return None
    row = PurgeRequest.objects.create(keys=" ".join(keys), next_attempt_at=timezone.now())
    transaction.on_commit(lambda: send_purge(row.pk), robust=True)
    return row.pk


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... seconds after each failure, at most ten minutes."""
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _claim(pk: int) -> PurgeRequest | None:
    now = timezone.now()
    claimed = PurgeRequest.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=pk, done_at__isnull=True
    ).update(claimed_until=now + CLAIM_FOR)
    return PurgeRequest.objects.filter(pk=pk).first() if claimed else None


def send_purge(pk: int) -> bool | None:
    """Send one row to every proxy: True when confirmed, False when it failed (kept for a retry), None when
    another sender holds it. Never raises for a proxy's failure."""
    row = _claim(pk)
    if row is None:
        return None
    now = timezone.now()
    try:
        purge.purger().purge(row.keys.split())
    except Exception as error:  # any failure of the proxy stays out of the decision: retried later
        attempts = row.attempts + 1
        logger.warning("Purge %s of %s failed (attempt %s): %s", pk, row.keys, attempts, error)
        PurgeRequest.objects.filter(pk=pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + backoff(attempts),
            claimed_until=None,
        )
        return False
    sends_left = max(row.sends_left - 1, 0)
    PurgeRequest.objects.filter(pk=pk).update(
        sends_left=sends_left,
        attempts=row.attempts + 1,
        last_error="",
        next_attempt_at=now + timedelta(seconds=SETTLE_SECONDS),
        done_at=None if sends_left else now,
        claimed_until=None,
    )
    return True


def send_due_purges() -> tuple[int, int]:
    """Send every row that is due (the worker's job): return (sent, failed)."""
    if not purge.purging():
        return 0, 0
    due = PurgeRequest.objects.filter(done_at__isnull=True, next_attempt_at__lte=timezone.now())
    sent = failed = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        ok = send_purge(pk)
        sent += ok is True
        failed += ok is False
    return sent, failed
