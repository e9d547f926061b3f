"""Webhooks: a signed POST to each partner that asked for one, when an article is published, updated,
confirmed current or withdrawn.

The outbox pattern of ``editorial.notifications``: ``queue_for_change`` (the ``core.events`` listener that
``ApiConfig.ready()`` installs) writes one ``WebhookDelivery`` per partner in the transaction of the workflow
step, so a rolled-back step queues nothing; once committed, one attempt is made at once and
``deliver_pending_webhooks`` (``manage.py send_webhooks``, or the task worker) retries with exponential
backoff. A receiver that is down never blocks or undoes a decision.

The body is the change feed's item for the event (``api.changes.change_item``, schema ``ChangeOut``):
addresses, times and the withdrawal's category, no article text. A partner fetches the text from
``api_url``, which is always the approved revision, so a retry that arrives late never carries text that has
since been withdrawn.

Signing: ``Vetted-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body, keyed with the partner's
webhook secret>``; the receiver recomputes it over the exact bytes received and refuses old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from api.articles import site_url
from api.changes import change_item
from api.models import PartnerKey, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Vetted-Signature"
EVENT_HEADER = "Vetted-Event-Id"
MAX_ATTEMPTS = 12  # with the backoff below, about a day and a half of trying before giving up
MAX_BACKOFF = timedelta(hours=6)
CLAIM_FOR = timedelta(minutes=5)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Vetted-Signature`` header for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: the base, doubled each time, at most six hours."""
    return min(timedelta(seconds=settings.VETTED_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)), MAX_BACKOFF)


def queue_for_change(*, source: str, pk: int) -> list[int]:
    """Write a delivery for each partner with a webhook (inside the step's transaction); send after commit."""
    keys = PartnerKey.objects.filter(revoked_at__isnull=True).exclude(webhook_url="").exclude(webhook_secret="")
    keys = list(keys)
    if not keys:
        return []
    change = change_item(source, pk, site_url)
    if change is None:
        return []
    event_id = f"{source}-{pk}"
    body = json.dumps({"event_id": event_id, "change": change}, cls=DjangoJSONEncoder, ensure_ascii=False)
    kind = change["kind"]
    ids = [
        WebhookDelivery.objects.create(key=key, event_id=event_id, kind=kind, url=key.webhook_url, body=body).pk
        for key in keys
    ]
    # robust: nothing after the commit may fail the editor's request; what is not sent waits for send_webhooks.
    transaction.on_commit(
        lambda: _deliver(WebhookDelivery.objects.filter(pk__in=ids), stop_at_first_failure=True), robust=True
    )
    return ids


def deliver_pending_webhooks() -> dict[str, int]:
    """Try every delivery that is due (not delivered, under MAX_ATTEMPTS, its backoff passed); return counts."""
    due = WebhookDelivery.objects.filter(
        delivered_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
        next_attempt_at__lte=timezone.now(),
        key__revoked_at__isnull=True,  # a revoked partner is sent nothing more, not even what was queued
    )
    return _deliver(due, stop_at_first_failure=False)


def _deliver(deliveries, *, stop_at_first_failure: bool) -> dict[str, int]:
    counts = {"delivered": 0, "failed": 0}
    for pk in deliveries.order_by("pk").values_list("pk", flat=True):
        try:
            ok = deliver_one(pk)
        except Exception:  # a database hiccup after commit must not surface in the request
            logger.exception("Webhook delivery %s could not be attempted; it stays queued", pk)
            ok = False
        if ok is None:
            continue
        counts["delivered" if ok else "failed"] += 1
        if not ok and stop_at_first_failure:  # a slow receiver costs the editor's request one timeout at most
            break
    return counts


def _claim(pk: int) -> WebhookDelivery | None:
    """Take the row unless it is delivered or another sender holds it (two workers never both send it)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=pk, delivered_at__isnull=True
    ).update(claimed_until=now + CLAIM_FOR)
    return WebhookDelivery.objects.select_related("key").filter(pk=pk).first() if claimed else None


def deliver_one(pk: int) -> bool | None:
    """POST one delivery: True when the receiver answered 2xx, False when not, None when not ours to send."""
    delivery = _claim(pk)
    if delivery is None:
        return None
    body = delivery.body.encode()
    if not delivery.url.startswith(("http://", "https://")):  # URLField also admits ftp: never opened here
        return _record(delivery, status=None, error="Only http and https addresses are called.", duration_ms=0)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked just above)
        delivery.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Vetted-Webhooks/1",
            EVENT_HEADER: delivery.event_id,
            SIGNATURE_HEADER: sign(delivery.key.webhook_secret, int(time.time()), body),
        },
    )
    status, error = None, ""
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=settings.VETTED_WEBHOOK_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as refusal:  # the receiver answered, with a status that is not 2xx
        status, error = refusal.code, f"HTTP {refusal.code}"
    except Exception as failure:  # refused connection, timeout, DNS, TLS: recorded, retried later
        error = f"{type(failure).__name__}: {failure}"[:2000]
    duration_ms = round((time.monotonic() - started) * 1000)
    return _record(delivery, status=status, error=error, duration_ms=duration_ms)


def _record(delivery: WebhookDelivery, *, status: int | None, error: str, duration_ms: int) -> bool:
    ok = status is not None and 200 <= status < 300
    attempts = delivery.attempts + 1
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, number=attempts, at=now, status_code=status, error=error, duration_ms=duration_ms
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts,
            last_status_code=status,
            last_error=error,
            delivered_at=now if ok else None,
            next_attempt_at=now if ok else now + backoff(attempts),
            claimed_until=None,
        )
    if not ok:
        logger.warning("Webhook %s to %s failed (attempt %s): %s", delivery.event_id, delivery.url, attempts, error)
    return ok


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed delivery: following it would re-send the signed body somewhere unconfigured."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)
