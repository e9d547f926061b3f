"""Partner keys: who may call the API when anonymous access is off, how fast, and how much they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.history import HistoryGuardedQuerySet


class PartnerKey(models.Model):
    """One partner's API key, issued and revoked by the editor-in-chief (``api.services``).

    Only a SHA-256 of the key is stored: the key is 32 random bytes, so a fast hash is enough (there is no
    password to guess), and the admin shows the key once, when it is issued. ``prefix``, the key's first
    characters, finds the row and tells keys apart in the admin. Revoked keys are kept, never deleted.
    """

    name = models.CharField(max_length=120, help_text="The partner, e.g. 'Kidney Care UK app'.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(default=60, help_text="Above this, answers are 429.")
    webhook_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Optional: Vetted POSTs a signed event here when an article is published, updated, "
        "confirmed current or withdrawn (api.webhooks).",
    )
    # The HMAC key webhooks are signed with. Unlike the API key it must be kept readable: the sender needs it
    # to sign. Shown once when the key is issued, and kept out of the history table.
    webhook_secret = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["webhook_secret"])
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class PartnerKeyUsage(models.Model):
    """How many requests a key made on one day (UTC). A counter, not content: not history-tracked."""

    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="usage")
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="one_usage_row_per_key_and_day")]

    def __str__(self) -> str:
        return f"{self.key}: {self.requests} on {self.day}"


class WebhookDelivery(models.Model):
    """One event for one partner's webhook: the outbox row, written in the transaction of the workflow step.

    ``body`` is fixed when queued, so every retry sends the same bytes; the signature is made at each
    attempt (it carries the attempt's time). ``delivered_at`` is set once, by the attempt the receiver
    acknowledged with a 2xx, and a delivered row is never sent again: one acknowledged delivery per event
    and partner (``event_id`` is unique per key).
    """

    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="webhook_deliveries")
    event_id = models.CharField(max_length=64, help_text="The same for every attempt; receivers may dedupe on it.")
    kind = models.CharField(max_length=32)
    url = models.URLField(max_length=500)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["key", "event_id"], name="one_delivery_per_key_and_event")]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.kind}) to {self.key}"


class WebhookAttempt(models.Model):
    """One try of a delivery: when, the receiver's status code or the error, and how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.PROTECT, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery.event_id}, attempt {self.number}: {self.status_code or self.error[:60]}"
