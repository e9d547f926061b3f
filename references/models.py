import datetime
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models.functions import Lower

from core.fields import SingleLineCharField
from core.history import HistoryGuardedQuerySet, IndexedHistoricalRecords
from references.citations import KEY_PATTERN

DOI_RE = r"^10\.\d{4,9}/\S+$"
PMID_RE = r"^\d{1,10}$"
MIN_YEAR = 1800


def max_year() -> int:
    """A publication year may be next year at the latest (articles in press carry it)."""
    return datetime.date.today().year + 1


class ReferenceType(models.TextChoices):
    GUIDELINE = "guideline", "Guideline"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
    RESEARCH = "research", "Research"
    REVIEW = "review", "Review"
    CASE_REPORT = "case_report", "Case report"
    BOOK = "book", "Book"
    WEBSITE = "website", "Website"


class StudyDesign(models.TextChoices):
    """How strong a source's evidence is, by its design (strongest first): the reader's evidence level."""

    GUIDELINE = "guideline", "Guideline"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review or meta-analysis"
    RANDOMISED_TRIAL = "randomised_trial", "Randomised trial"
    COHORT = "cohort", "Cohort study"
    CASE_CONTROL = "case_control", "Case-control study"
    CASE_SERIES = "case_series", "Case report or series"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"
    OTHER = "other", "Other"


class RetractionStatus(models.TextChoices):
    """What happened to a source after publication (Retraction Watch, PubMed publication types)."""

    NONE = "", "Not retracted or corrected"
    RETRACTED = "retracted", "Retracted"
    CORRECTED = "corrected", "Corrected (erratum)"
    CONCERN = "concern", "Expression of concern"


JOURNAL_TYPES = frozenset(
    {ReferenceType.SYSTEMATIC_REVIEW, ReferenceType.RESEARCH, ReferenceType.REVIEW, ReferenceType.CASE_REPORT}
)

# What each type needs to be citable in AMA style; a field listed as a tuple needs one of them.
REQUIRED_BY_TYPE: dict[str, tuple] = {
    **{kind: ("title", "container", "year") for kind in JOURNAL_TYPES},
    ReferenceType.GUIDELINE: ("title", ("authors", "container"), "year"),
    ReferenceType.BOOK: ("title", "container", "year"),
    ReferenceType.WEBSITE: ("title", "url"),
}
FIELD_LABELS = {"container": "journal or publisher", "authors": "authors", "url": "URL", "year": "year"}


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing removed: how duplicate titles are recognised."""
    decomposed = unicodedata.normalize("NFKD", title or "")
    ascii_ish = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"[^\W_]+", ascii_ish))[:255]


class ReferenceInUseError(ValidationError):
    """Raised when deleting a reference that an approved revision cites."""


IN_USE_MESSAGE = (
    "[@{key}] cannot be deleted: approved revisions cite it ({where}). What the board approved must keep its sources."
)


class ReferenceQuerySet(HistoryGuardedQuerySet):
    def delete(self):
        # The admin's bulk "delete selected" goes through here, not through Reference.delete().
        for reference in self:
            reference.check_deletable()
        return super().delete()

    delete.queryset_only = True


class Reference(models.Model):
    """One entry of the bibliography shared by all articles, cited in text as ``[@key]``."""

    key = SingleLineCharField(
        "citation key",
        max_length=100,
        unique=True,
        validators=[RegexValidator(f"^{KEY_PATTERN}$", "Use letters, digits and _ - : . only.")],
        help_text="Cite it in text as [@key].",
    )
    type = models.CharField(max_length=32, choices=ReferenceType.choices, default=ReferenceType.RESEARCH)
    title = SingleLineCharField(max_length=1000)
    authors = models.TextField(blank=True, help_text="One author per line, 'Family Given'.")
    container = SingleLineCharField("journal or publisher", max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_YEAR, "A year before %(limit_value)s is not a sensible publication year."),
            MaxValueValidator(max_year, "A publication year cannot be after %(limit_value)s."),
        ],
    )
    volume = SingleLineCharField(max_length=50, blank=True)
    issue = SingleLineCharField(max_length=50, blank=True)
    pages = SingleLineCharField(max_length=50, blank=True)
    doi = SingleLineCharField(
        "DOI",
        max_length=255,
        blank=True,
        validators=[RegexValidator(DOI_RE, "A DOI looks like 10.1053/j.ajkd.2015.01.034.")],
    )
    pmid = SingleLineCharField(
        "PMID", max_length=12, blank=True, validators=[RegexValidator(PMID_RE, "A PMID is digits only.")]
    )
    url = models.URLField(
        "URL",
        max_length=1000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"], message="Only http:// and https:// links are allowed.")],
    )
    # Evidence (docs/references.md, "Evidence levels and retractions"): the design is filled in on import
    # and confirmed or corrected by a board member (editorial.services.evidence); the retraction comes
    # from `manage.py import_retractions` or PubMed's publication types.
    study_design = models.CharField(max_length=32, choices=StudyDesign.choices, blank=True)
    design_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    design_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_status = models.CharField(max_length=16, choices=RetractionStatus.choices, blank=True)
    retracted_on = models.DateField("retracted or corrected on", null=True, blank=True)
    title_key = SingleLineCharField(max_length=255, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = IndexedHistoricalRecords(excluded_fields=["title_key"])
    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        indexes = [models.Index(Lower("doi"), name="reference_doi_ci"), models.Index(fields=["pmid"])]

    def __str__(self) -> str:
        return f"[@{self.key}] {self.title}"

    def clean_fields(self, exclude=None) -> None:
        self.doi = normalise_doi(self.doi)  # accept a pasted https://doi.org/ link, store the bare DOI
        super().clean_fields(exclude)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        for required in REQUIRED_BY_TYPE.get(self.type, ("title",)):
            names = required if isinstance(required, tuple) else (required,)
            if not any(getattr(self, name) not in (None, "") for name in names):
                label = " or ".join(FIELD_LABELS.get(name, name) for name in names)
                kind = self.get_type_display().lower()
                errors.setdefault(names[0], []).append(f"A {kind} reference needs its {label}.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Shape checks (DOI, PMID, year, http(s) URL, key) hold on every save, whatever the caller;
        # the per-type completeness rules of clean() run in forms, imports and services.
        self.clean_fields()
        self.title_key = normalise_title(self.title)
        super().save(*args, **kwargs)

    def approved_citations(self):
        """The pins (``editorial.CitedReference``) made when revisions citing this were approved."""
        return self.pinned_by.select_related("revision__article")

    def check_deletable(self) -> None:
        pins = list(self.approved_citations()[:5])
        if pins:
            where = ", ".join(f"{pin.revision.article.slug} revision {pin.revision.number}" for pin in pins)
            raise ReferenceInUseError(IN_USE_MESSAGE.format(key=self.key, where=where), code="in_use")

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)


def normalise_doi(doi: str) -> str:
    """``https://doi.org/10.1/X`` and ``doi:10.1/X`` -> ``10.1/X`` (what the DOI field stores)."""
    doi = (doi or "").strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi


class ReferenceImport(models.Model):
    """One upload of a bibliography file: previewed first, then applied once, all or nothing."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"

    filename = SingleLineCharField(max_length=255)
    format = SingleLineCharField(max_length=20)
    data = models.TextField(help_text="The decoded file, kept so that the import applied is the one previewed.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    merge = models.BooleanField(default=False, help_text="Fill blank fields of matching references.")
    target = SingleLineCharField(
        max_length=100,
        blank=True,
        help_text="Where the imported references go next, set by the page that started the import "
        "(e.g. 'revision:12': attach them to that revision's bibliography). Opaque to this app.",
    )
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


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
    "study_design",
)


def reference_snapshot(reference: Reference) -> dict:
    """The fields a page shows, as a plain dict (what an approved revision pins)."""
    return {name: getattr(reference, name) for name in SNAPSHOT_FIELDS}
