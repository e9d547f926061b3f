"""The API's newer surfaces never carry unapproved or withdrawn text: webhook bodies (delivered to a real
receiver) and the JSONL export, after the same story as ``tests/security/test_unpublished_unreachable.py``
(open revisions in every state holding a secret, a withdrawn article and its private reason)."""

import json

import pytest
from django.core.management import call_command

from api.models import WebhookDelivery
from api.services import partner_key_issue
from api.webhooks import deliver_pending_webhooks
from tests.api.test_webhooks import receiver_factory  # noqa: F401 (a fixture)
from tests.security.test_unpublished_unreachable import (  # noqa: F401 (a fixture)
    SECRET,
    WITHDRAWN,
    WITHDRAWN_REASON,
    WITHDRAWN_TITLE,
    unpublished_everywhere,
)

MARKERS = (SECRET, WITHDRAWN, WITHDRAWN_REASON, WITHDRAWN_TITLE)


@pytest.fixture
def receiver(staff, receiver_factory):  # noqa: F811
    """A partner with a webhook, there before the story starts, so every step of it queues its events."""
    server = receiver_factory()
    partner_key_issue(actor=staff.chief, name="Mirror", webhook_url=server.url)
    return server


def test_webhooks_and_the_export_carry_no_unapproved_or_withdrawn_text(receiver, unpublished_everywhere, tmp_path):  # noqa: F811
    counts = deliver_pending_webhooks()  # the story's events (its on-commit sends do not run inside a test)
    assert counts["failed"] == 0 and counts["delivered"] == WebhookDelivery.objects.count() >= 7
    kinds = [json.loads(request["body"])["change"]["kind"] for request in receiver.received]
    assert {"published", "withdrawn"} <= set(kinds)
    for request in receiver.received:
        body = request["body"].decode()
        assert not [marker for marker in MARKERS if marker in body], body

    out = tmp_path / "all.jsonl"
    call_command("export_jsonl", "--all-audiences", "--no-progress", "--output", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") >= 15  # the published articles, in every audience
    assert not [marker for marker in MARKERS if marker in text]
    assert '"slug": "withdrawn"' not in text
