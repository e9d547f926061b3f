"""Webhooks against a real HTTP receiver on 127.0.0.1 (a server thread): signed, queued with the workflow step,
retried with backoff, and acknowledged exactly once per event and partner however often the receiver fails."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from api.models import WebhookAttempt, WebhookDelivery
from api.schemas import ChangeOut
from api.services import partner_key_issue, partner_key_revoke
from api.webhooks import MAX_BACKOFF, backoff, deliver_pending_webhooks
from editorial import services
from tests.factories import make_article, publish, publish_new_title


class Receiver(ThreadingHTTPServer):
    """A partner's endpoint: answers 500 to the first ``fail`` POSTs, then 204; keeps every request."""

    def __init__(self, fail: int = 0):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.fail, self.received = fail, []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/vetted"


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        status = 500 if len(server.received) < server.fail else 204
        server.received.append({"headers": dict(self.headers), "body": body, "status": status})
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver_factory():
    started = []

    def start(fail: int = 0) -> Receiver:
        server = Receiver(fail)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """What a partner runs (the README's snippet): recompute the HMAC over the exact bytes received."""
    parts = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - timestamp) <= tolerance


def partner(staff, url: str, name: str = "Kidney Care UK app"):
    key, _ = partner_key_issue(actor=staff.chief, name=name, webhook_url=url)
    return key


def test_an_approval_is_posted_signed_after_commit_with_the_feeds_item(
    client, staff, receiver_factory, settings, django_capture_on_commit_callbacks
):
    settings.VETTED_SITE_URL = "http://testserver"  # webhooks' addresses start with the configured site
    receiver = receiver_factory()
    key = partner(staff, receiver.url)
    draft = make_article(actor=staff.author)
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor=staff.author, reviewer=staff.reviewer)
    assert len(receiver.received) == 1
    sent = receiver.received[0]
    assert verify(key.webhook_secret, sent["headers"]["Vetted-Signature"], sent["body"])
    assert not verify(key.webhook_secret, sent["headers"]["Vetted-Signature"], sent["body"] + b" ")
    payload = json.loads(sent["body"])
    assert sent["headers"]["Vetted-Event-Id"] == payload["event_id"]
    change = ChangeOut.model_validate(payload["change"])  # the same safe schema as the change feed
    assert change.kind == "published" and change.slug == "calciphylaxis"
    feed = json.loads(client.get("/api/v1/changes/").content)["items"]
    assert ChangeOut.model_validate(feed[-1]) == change
    assert "calcium" not in sent["body"].decode().lower()  # addresses and times only, never text
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is not None and delivery.last_status_code == 204


def test_a_failing_receiver_gets_every_event_acknowledged_exactly_once(
    staff, receiver_factory, settings, django_capture_on_commit_callbacks
):
    settings.VETTED_WEBHOOK_BACKOFF_SECONDS = 0  # retry at once: the schedule itself is tested below
    receiver = receiver_factory(fail=3)
    partner(staff, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert [r["status"] for r in receiver.received] == [500]  # the attempt on commit failed
    runs = [deliver_pending_webhooks() for _ in range(5)]
    assert (
        runs
        == [{"delivered": 0, "failed": 1}] * 2 + [{"delivered": 1, "failed": 0}] + [{"delivered": 0, "failed": 0}] * 2
    )
    assert [r["status"] for r in receiver.received] == [500, 500, 500, 204]
    assert len({r["body"] for r in receiver.received}) == 1  # every retry sends the same bytes
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 4 and delivery.delivered_at is not None
    attempts = WebhookAttempt.objects.filter(delivery=delivery).order_by("number")
    assert [(a.number, a.status_code) for a in attempts] == [(1, 500), (2, 500), (3, 500), (4, 204)]
    assert attempts[0].error == "HTTP 500" and attempts[3].error == ""

    # The next event is a new delivery, also acknowledged once.
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, published.article, "Calciphylaxis, revised")
    assert deliver_pending_webhooks() == {"delivered": 0, "failed": 0}
    acknowledged = [json.loads(r["body"])["event_id"] for r in receiver.received if r["status"] == 204]
    assert len(acknowledged) == len(set(acknowledged)) == 2
    assert WebhookDelivery.objects.filter(delivered_at__isnull=True).count() == 0


def test_retries_wait_for_an_exponential_backoff(staff, receiver_factory, settings, django_capture_on_commit_callbacks):
    settings.VETTED_WEBHOOK_BACKOFF_SECONDS = 60
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    assert backoff(30) == MAX_BACKOFF
    receiver = receiver_factory(fail=10)
    partner(staff, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    delivery = WebhookDelivery.objects.get()
    wait = delivery.next_attempt_at - WebhookAttempt.objects.get().at
    assert wait == timedelta(seconds=60)
    assert deliver_pending_webhooks() == {"delivered": 0, "failed": 0}  # not due yet
    assert len(receiver.received) == 1


def test_an_unreachable_receiver_is_recorded_and_never_blocks_the_step(staff, django_capture_on_commit_callbacks):
    partner(staff, "http://127.0.0.1:9/unreachable")  # the discard port: nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert approved.state == "approved"
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.attempts == 1 and delivery.last_status_code is None
    assert "Error" in delivery.last_error  # URLError: connection refused


def test_a_rolled_back_step_queues_and_sends_nothing(staff, receiver_factory, django_capture_on_commit_callbacks):
    receiver = receiver_factory()
    partner(staff, receiver.url)
    revision = services.revision_start_review(
        actor=staff.reviewer,
        revision=services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author)),
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.revision_approve(actor=staff.reviewer, revision=revision)
        raise RuntimeError("the step fails after approving")
    assert WebhookDelivery.objects.count() == 0 and receiver.received == []


def test_confirmation_and_withdrawal_carry_the_category_never_the_comment(
    staff, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    partner(staff, receiver.url)
    published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_confirm_current(actor=staff.second_reviewer, article=published.article, comment="Checked.")
        services.revision_withdraw(
            actor=staff.chief, revision=published, comment="PRIVATE: dose table wrong", reason_category="safety"
        )
    changes = [json.loads(r["body"])["change"] for r in receiver.received]
    assert [(c["kind"], c["reason_category"]) for c in changes] == [("review_confirmed", None), ("withdrawn", "safety")]
    assert changes[1]["api_url"] is None
    assert all(b"PRIVATE" not in r["body"] and b"Checked" not in r["body"] for r in receiver.received)


def test_revoked_keys_and_keys_without_a_webhook_get_nothing(
    staff, receiver_factory, django_capture_on_commit_callbacks
):
    receiver = receiver_factory()
    partner_key_issue(actor=staff.chief, name="No webhook")
    partner_key_revoke(actor=staff.chief, key=partner(staff, receiver.url, name="Revoked"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert WebhookDelivery.objects.count() == 0 and receiver.received == []


def test_send_webhooks_command_retries_what_is_due(staff, receiver_factory, capsys, django_capture_on_commit_callbacks):
    receiver = receiver_factory(fail=1)
    partner(staff, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    call_command("send_webhooks")
    assert "1 delivered, 0 failed" in capsys.readouterr().out
    assert [r["status"] for r in receiver.received] == [500, 204]


def test_a_key_revoked_while_its_events_wait_is_sent_nothing_more(
    staff, receiver_factory, settings, django_capture_on_commit_callbacks
):
    settings.VETTED_WEBHOOK_BACKOFF_SECONDS = 0
    receiver = receiver_factory(fail=1)
    key = partner(staff, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    partner_key_revoke(actor=staff.chief, key=key)
    assert deliver_pending_webhooks() == {"delivered": 0, "failed": 0}
    assert len(receiver.received) == 1  # only the attempt made before the revocation
