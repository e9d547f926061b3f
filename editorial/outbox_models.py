"""The email outbox. Imported at the end of ``editorial.models`` (so Django finds it); kept apart so that
module stays under the size limit."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.fields import SingleLineCharField


class Notification(models.Model):
    """The email outbox: written in the transaction that caused it, sent after commit, retried later."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    event = SingleLineCharField(max_length=40)
    revision = models.ForeignKey(
        "editorial.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = SingleLineCharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A sender claims a row until this time, so the after-commit send and the retry command never
    # both send it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failure the worker waits until then (exponential backoff); empty: due now.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.email}"
