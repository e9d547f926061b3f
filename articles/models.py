from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Substr, Upper
from simple_history.models import HistoricalRecords

from articles.topics import split_topics
from core.fields import SingleLineCharField
from core.history import HistoryGuardedQuerySet, IndexedHistoricalRecords


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
    # The board's rules for this article (issue 18): members who declared a conflict on one of its topics are
    # recused from its decisions; a revision publishes once this many board members approved it.
    # Database defaults too: bulk writers (generate_corpus's INSERTs) name only the columns they know.
    topics = SingleLineCharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="Semicolon-separated, e.g. 'kidney; dosing'. Board members with a declared conflict on one "
        "of these take no part in its review.",
    )
    approvals_required = models.PositiveSmallIntegerField(
        default=1,
        db_default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How many board members must approve a revision before it is published (dosing pages: 2).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = IndexedHistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = [
            # Home's "recently updated": the newest 8 published, read from the index at any library size.
            models.Index(fields=["-published_at", "slug"], name="article_recently_published"),
            # The A to Z letters with their counts (home, /az/): one index-only pass, not the table.
            models.Index(
                Upper(Substr("slug", 1, 1)),
                condition=models.Q(published_revision__isnull=False),
                name="article_published_letter",
            ),
            # The API's article list (api.listing), a page at a time in either ordering at any library size:
            # each index holds the ordering's date and the id that breaks its ties, so the page's rows are read in
            # order from where the cursor left off, never sorted.
            models.Index(
                fields=["published_at", "id"],
                condition=models.Q(published_revision__isnull=False),
                name="article_list_modified",
            ),
            models.Index(
                Coalesce("last_reviewed_at", "published_at"),
                "id",
                condition=models.Q(published_revision__isnull=False),
                name="article_list_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("articles:detail", args=[self.slug])


class Register(models.TextChoices):
    """Which wording of a revision an audience reads; plain falls back to professional per field."""

    PROFESSIONAL = "professional", "Professional"
    PLAIN = "plain", "Plain language"


class SchemaAudienceType(models.TextChoices):
    """schema.org MedicalAudienceType values (and Student, an EducationalAudience), for the page's JSON-LD."""

    CLINICIAN = "Clinician", "Clinician"
    PATIENT = "Patient", "Patient"
    MEDICAL_RESEARCHER = "MedicalResearcher", "Medical researcher"
    STUDENT = "Student", "Student (schema.org EducationalAudience)"


class Audience(models.Model):
    """One answer to "Which best describes you?": the wording and disclaimer its readers get."""

    slug = models.SlugField(max_length=60, unique=True, help_text="Part of the address: /articles/<slug>/for/<this>/")
    label = SingleLineCharField(max_length=80, help_text="Shown in the chooser, e.g. 'Patient or caregiver'.")
    description = SingleLineCharField(max_length=200, help_text="One line under the label in the chooser.")
    register = models.CharField(max_length=20, choices=Register.choices, default=Register.PROFESSIONAL)
    disclaimer_title = SingleLineCharField(max_length=120, default="Medical disclaimer")
    disclaimer = models.TextField(help_text="Markdown, shown at the end of every article for this audience.")
    schema_audience_type = models.CharField(
        max_length=40, choices=SchemaAudienceType.choices, default=SchemaAudienceType.PATIENT
    )
    ordering = models.PositiveSmallIntegerField(default=0, help_text="Order in the chooser.")
    is_default = models.BooleanField(default=False, help_text="Shown to readers who have not chosen (exactly one).")

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_audience"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.is_default and Audience.objects.filter(is_default=True).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"is_default": "Another audience is already the default; untick it there first (there must be one)."}
            )


class BoardProfile(models.Model):
    """The public profile of a Medical Advisory Board member, linked from the articles they reviewed."""

    user = models.OneToOneField("auth.User", on_delete=models.PROTECT, related_name="board_profile")
    slug = models.SlugField(max_length=100, unique=True, help_text="The public address: /board/<slug>/")
    display_name = SingleLineCharField(max_length=150, help_text="As readers should see it, e.g. 'Maya Okafor'.")
    credentials = SingleLineCharField(max_length=100, blank=True, help_text="e.g. 'MD, FASN'")
    specialty = SingleLineCharField(max_length=150, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    conflicts_of_interest = models.TextField(
        "conflict-of-interest statement", blank=True, help_text="Markdown. Say 'None declared.' when there are none."
    )
    listed = models.BooleanField(default=True, help_text="Shown on the public board page.")
    ordering = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "display_name"]

    def __str__(self) -> str:
        return self.name_with_credentials

    @property
    def name_with_credentials(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("articles:board_member", args=[self.slug])


class Disclosure(models.Model):
    """A board member's dated conflict-of-interest disclosure, ICMJE style: the relevant financial and
    non-financial interests of the 36 months before ``declared_on``, and the topics they touch.

    A member's latest disclosure is the one in force; renewing is declaring again (a new row), so the
    disclosures readers were shown stay in the record. ``interests`` empty means "none declared".
    """

    member = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="disclosures")
    declared_on = models.DateField(help_text="The date the member signed this disclosure.")
    interests = models.TextField(
        blank=True,
        help_text="Each relevant interest of the last 36 months, e.g. 'Consulting fees, Renalis Pharma (2025)'. "
        "Leave empty when none are declared.",
    )
    topics = SingleLineCharField(
        max_length=300,
        blank=True,
        help_text="Semicolon-separated topics the interests concern; the member is recused from articles on them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["member", "-declared_on", "-id"]
        indexes = [models.Index(fields=["member", "-declared_on", "-id"], name="disclosure_latest_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.summary} (declared {self.declared_on:%Y-%m-%d})"

    @property
    def summary(self) -> str:
        return " ".join(self.interests.split()) or "None declared"

    @property
    def topic_set(self) -> frozenset[str]:
        return split_topics(self.topics)

    @property
    def valid_until(self) -> date:
        """The last day this disclosure holds (the review desk's month: 365.25 / 12 days)."""
        return self.declared_on + timedelta(days=round(settings.VETTED_DISCLOSURE_VALID_MONTHS * 365.25 / 12))


class SitePage(models.Model):
    """A page of the public site whose text staff edit in the admin (e.g. the editorial policy)."""

    slug = models.SlugField(max_length=100, unique=True)
    title = SingleLineCharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class ReaderReport(models.Model):
    """A reader's report of a problem, or question, about one article: the editors' inbox."""

    class Kind(models.TextChoices):
        ERROR = "error", "Something is wrong or out of date"
        UNCLEAR = "unclear", "Something is hard to understand"
        QUESTION = "question", "I have a question"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        HANDLED = "handled", "Handled"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reader_reports")
    audience_slug = SingleLineCharField(
        max_length=60, blank=True, help_text="Which version of the page the reader saw."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.TextField()
    email = models.EmailField(blank=True, help_text="Only if the reader wants an answer.")
    client_hash = SingleLineCharField(
        max_length=64, editable=False, help_text="Keyed hash of the address, for throttling."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    editor_note = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about {self.article.slug} ({self.created_at:%Y-%m-%d})"

    def delete(self, *args, **kwargs):
        raise PermissionError("Reader reports are kept: mark them handled instead.")


class SearchDocument(models.Model):
    """The searchable text of one article's published revision, written when the revision is approved.

    ``editorial.services`` fills it (``articles.search.index_article``) inside the approve transaction and
    deletes it on withdrawal, so search reads one row per article instead of parsing every section at
    query time. ``revision`` records which revision the text came from; search only returns rows whose
    revision is still the article's ``published_revision``, so a stale row can never show old text.

    Not history-tracked: it is derived from approved revisions, which history already keeps. The texts are
    the article's own words without Markdown (snippets are cut from them, in the reader's register);
    ``vector`` is a ``tsvector`` of the same texts with British and American spellings folded together
    (``articles.search.spelling``), on PostgreSQL only (GIN-indexed by migration 0005); on SQLite the column
    stays empty and search matches the texts themselves, in either spelling.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    revision = models.OneToOneField("editorial.Revision", on_delete=models.CASCADE, related_name="search_document")
    title = models.TextField(help_text="Both registers' titles (weighted highest).")
    also_called = models.TextField(
        blank=True, help_text="The revision's other names for the subject (weighted highest)."
    )
    search_text = models.TextField(help_text="Headline, summary, headings and bodies of the professional register.")
    plain_text = models.TextField(
        blank=True, help_text="The same in the plain-language register; empty when it reads as the professional one."
    )
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self) -> str:
        return f"Search text of {self.article_id}"


class StoredRendering(models.Model):
    """An approved revision rendered once in one register: its HTML, kept for as long as it is current.

    Approved revisions never change, so their HTML never needs re-rendering; readers' pages read this one
    row instead of running Markdown, citation numbering and the sanitiser on every section when the
    page cache is cold or cleared. ``render_version`` is ``settings.RENDER_VERSION`` at render time:
    bumping it (a template or renderer change) makes every row stale, and pages render and store again.

    Written only by ``articles.stored_rendering.rendered_revision`` from ``articles.rendering.render_revision``
    output (sanitised), and only for approved or superseded revisions. Not history-tracked: it is derived
    from the revision, whose history is kept; deleting every row loses nothing.
    """

    revision = models.ForeignKey("editorial.Revision", on_delete=models.CASCADE, related_name="stored_renderings")
    register = models.CharField(max_length=20, choices=Register.choices)
    render_version = models.PositiveIntegerField()
    payload = models.JSONField(help_text="RenderedArticle.to_payload(): sanitised HTML fragments and plain text.")
    rendered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "register", "render_version"], name="one_stored_rendering_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"Revision {self.revision_id}, {self.register}, render version {self.render_version}"


class LetterCount(models.Model):
    """How many published articles have an address starting with ``letter``: the A to Z index.

    ``articles.letters`` keeps it in step inside the approve and withdraw transactions (a newly public
    article counts in, a withdrawn one out), so the home and A to Z pages read a few rows instead of
    counting every published article (24 ms at 100,000 articles, on every rebuilt listing page).
    ``check_integrity`` compares it with a fresh count. Derived data, not content: not history-tracked.
    """

    letter = SingleLineCharField(max_length=1, primary_key=True, help_text="Upper case, as the index shows it.")
    published = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}: {self.published}"


class PurgeRequest(models.Model):
    """The CDN purge outbox: written in the transaction that changed the pages, sent after it commits.

    ``articles.purges`` sends it on commit and the worker retries it with backoff; each row is sent
    ``sends_left`` times, the last a few seconds after the first, so a proxy fetch that raced the commit
    cannot keep the old page for ``s-maxage``. Derived, not content: not history-tracked.
    """

    keys = models.TextField(help_text="Surrogate keys, space-separated.")
    created_at = models.DateTimeField(auto_now_add=True)
    sends_left = models.PositiveSmallIntegerField(default=2)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Taken by one sender at a time (the after-commit send and the worker), like the email outbox.
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Purge {self.keys}"
