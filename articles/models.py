from django.db import models
from simple_history.models import HistoricalRecords

from references.audit import HistoryGuardedQuerySet


class Article(models.Model):
    """The public identity of an article: its address and which revision readers see.

    It never holds content; content lives in revisions (``editorial.Revision``), and readers see
    ``published_revision`` only.
    """

    slug = models.SlugField(max_length=200, unique=True, help_text="The public address: /articles/<slug>/")
    published_revision = models.OneToOneField(
        "editorial.Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_for",
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_review_due = models.DateField(null=True, blank=True, editable=False)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long after a board review the article is due for the next one."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("articles:detail", args=[self.slug])
