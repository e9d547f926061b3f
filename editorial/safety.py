"""Fast-tracked safety updates (issue 18): the fields a revision carries, and when its deadline starts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models

from editorial.rules import SafetyCategory


class SafetyUpdateFields(models.Model):
    """A revision marked as a safety update, and the board's deadline for it."""

    safety_category = models.CharField(
        "safety update",
        max_length=32,
        choices=SafetyCategory.choices,
        blank=True,
        default="",
        db_default="",  # bulk writers (generate_corpus's INSERTs) name only the columns they know
        help_text="Mark a fast-tracked safety update; the board's deadline runs from submission.",
    )
    # Set at the first submission of a safety update and never moved: the deadline the dashboard and the
    # overdue emails measure against (a request for changes does not restart the clock).
    safety_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def start_safety_clock(self, submitted_at) -> None:
        """At submission: a safety update is due its category's hours later (settings), once."""
        if self.safety_category and self.safety_due_at is None:
            hours = settings.VETTED_SAFETY_DEADLINE_HOURS[self.safety_category]
            self.safety_due_at = submitted_at + timedelta(hours=hours)
