from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from references.audit import HistoryGuardedQuerySet
from references.citations import KEY_PATTERN


class ReferenceType(models.TextChoices):
    GUIDELINE = "guideline", "Guideline"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    RESEARCH = "research", "Research"
    REVIEW = "review", "Review"
    CASE_REPORT = "case_report", "Case report"
    BOOK = "book", "Book"
    WEBSITE = "website", "Website"


class Reference(models.Model):
    """One entry of the bibliography shared by all articles, cited in text as ``[@key]``."""

    key = models.CharField(
        "citation key",
        max_length=100,
        unique=True,
        validators=[RegexValidator(f"^{KEY_PATTERN}$", "Use letters, digits and _ - : . only.")],
        help_text="Cite it in text as [@key].",
    )
    type = models.CharField(max_length=32, choices=ReferenceType.choices, default=ReferenceType.RESEARCH)
    title = models.CharField(max_length=1000)
    authors = models.TextField(blank=True, help_text="One author per line, 'Family Given'.")
    container = models.CharField("journal or publisher", max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=255,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1053/j.ajkd.2015.01.034.")],
    )
    pmid = models.CharField(
        "PMID", max_length=12, blank=True, validators=[RegexValidator(r"^\d{1,10}$", "A PMID is digits only.")]
    )
    url = models.URLField("URL", max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"[@{self.key}] {self.title}"


SNAPSHOT_FIELDS = (
    "key",
    "type",
    "title",
    "authors",
    "container",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
)


def reference_snapshot(reference: Reference) -> dict:
    """The fields a page shows, as a plain dict (what an approved revision pins)."""
    return {name: getattr(reference, name) for name in SNAPSHOT_FIELDS}
