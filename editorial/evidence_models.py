"""A retracted source cited by an approved article: one row of the "sources retracted" queue.

Imported at the end of ``editorial.models`` (so Django finds it); kept apart so that module stays small.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.history import HistoryGuardedQuerySet, IndexedHistoricalRecords


class RetractionFlag(models.Model):
    """``reference`` was retracted while ``revision`` (approved) cited it; written by
    ``editorial.services.evidence``, shown to readers once the board approves the notice, and resolved
    by the article's next approval."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting the board's notice"
        NOTICE_SHOWN = "notice_shown", "Notice shown to readers"
        RESOLVED = "resolved", "Resolved by a new revision"

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="retraction_flags")
    revision = models.ForeignKey("editorial.Revision", on_delete=models.PROTECT, related_name="retraction_flags")
    reference = models.ForeignKey("references.Reference", on_delete=models.PROTECT, related_name="retraction_flags")
    sentences = models.TextField(help_text="The sentences of the approved text that cite the source, one a line.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    notice_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_approved_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = IndexedHistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "reference"], name="one_retraction_flag_per_revision_source")
        ]

    def __str__(self) -> str:
        return f"[@{self.reference.key}] retracted, cited by {self.article.slug} revision {self.revision.number}"
