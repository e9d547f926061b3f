"""Partner keys: who may call the API when anonymous access is off, how fast, and how much they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
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
