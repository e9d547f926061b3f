import threading

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from articles.models import Article
from core.fields import SingleLineCharField
from core.history import HistoryGuardedQuerySet, IndexedHistoricalRecords
from core.texts import REVISION_TEXT_FIELDS
from editorial.errors import ImmutableRevisionError, immutable_message
from editorial.permissions import check_editable, fsm_args
from editorial.rules import EDITABLE_STATES, IN_REVIEW_STATES, OPEN_STATES, State, WithdrawalReason, action_label
from editorial.safety import SafetyUpdateFields
from editorial.write_once import WriteOnceModel

# Everything a board member reviews. Once a revision leaves the editable states none of these may change.
REVISION_CONTENT_FIELDS = ("article_id", "number", *REVISION_TEXT_FIELDS, "change_note", "author_id", "based_on_id")
REVISION_CONTENT_FIELDS += ("literature_checked_through",)
REVISION_CONTENT_FIELDS += ("safety_category",)  # marking a safety update is part of what the board reviews

# See Revision.refresh_from_db.
_FSM_REFRESH_LOCK = threading.RLock()


class Revision(ConcurrentTransitionMixin, FSMModelMixin, SafetyUpdateFields):
    """One complete, reviewable version of an article, numbered per article."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(editable=False)
    title = SingleLineCharField(
        max_length=300, help_text="A question readers would ask, for example 'What is calciphylaxis?'"
    )
    plain_title = SingleLineCharField("plain-language title", max_length=300, blank=True)
    headline = SingleLineCharField(
        max_length=300,
        blank=True,
        help_text="Optional. One line shown under the question, for example 'A rare and life-threatening "
        "calcification of small blood vessels'.",
    )
    plain_headline = SingleLineCharField(
        "plain-language headline", max_length=300, blank=True, help_text="Optional; else the headline is shown."
    )
    also_called = SingleLineCharField(
        "also called",
        max_length=500,
        blank=True,
        help_text="Other names readers know this by, separated by semicolons, for example 'calcific uraemic "
        "arteriolopathy; CUA'. Shown under the title and found by search.",
    )
    summary = models.TextField("lead summary", help_text="Markdown. Cite sources as [@key] or [@a; @b].")
    plain_summary = models.TextField("plain-language summary", blank=True, help_text="Markdown; optional.")
    change_note = models.TextField(
        "what changed", blank=True, help_text="What it changes, and why (public once approved)."
    )
    literature_checked_through = models.DateField(
        null=True, blank=True, help_text="The literature was searched up to this date; shown next to 'last reviewed'."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_revisions", editable=False
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = IndexedHistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        indexes = [
            # The admin changelist orders by -updated_at; the review queue by submitted_at.
            models.Index(fields=["-updated_at"], name="revision_updated_at_desc"),
            models.Index(fields=["submitted_at"], name="revision_submitted_at"),
            # The review queue (in review, oldest first; "awaiting my review" also filters on the author) reads
            # its page, and counts itself, from this index alone, however large the table.
            models.Index(
                fields=["submitted_at", "id", "author"],
                condition=Q(state__in=sorted(IN_REVIEW_STATES)),
                name="revision_review_queue",
            ),
            # The changelist filtered by state, newest first.
            models.Index(fields=["state", "-updated_at"], name="revision_state_updated_at"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique_per_article"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(state=State.APPROVED), name="one_approved_revision_per_article"
            ),
            models.UniqueConstraint(
                fields=["article"], condition=Q(state__in=sorted(OPEN_STATES)), name="one_open_revision_per_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.number}, {self.get_state_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def refresh_from_db(self, *args, **kwargs):
        # django-fsm-2 lifts the state field's protection on the field object, which the whole process
        # shares, while it refreshes; two threads refreshing at once interleave and one fails with
        # "Direct state modification is not allowed" (a 500 on draft saves under `make soak`). One
        # refresh at a time per process: a primary-key SELECT, which never waits for row locks.
        with _FSM_REFRESH_LOCK:
            super().refresh_from_db(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.pk:
            self._refuse_content_change_when_frozen()
        super().save(*args, **kwargs)

    def _refuse_content_change_when_frozen(self) -> None:
        stored = type(self).objects.filter(pk=self.pk).values("state", *REVISION_CONTENT_FIELDS).first()
        if stored is None or stored["state"] in EDITABLE_STATES:
            return
        if any(stored[field] != getattr(self, field) for field in REVISION_CONTENT_FIELDS):
            raise ImmutableRevisionError(immutable_message(self.number, stored["state"]))

    def delete(self, *args, **kwargs):
        raise ImmutableRevisionError("Revisions are part of the audit trail and are never deleted.")

    # Transitions: only source -> target and local fields. Permission, locking and the audit record
    # are the services' job (editorial/services/); sources, targets and who may act come from RULES.

    @transition(field=state, **fsm_args("submit"))
    def submit(self):
        self.submitted_at = timezone.now()
        self.start_safety_clock(self.submitted_at)

    @transition(field=state, **fsm_args("recall"))
    def recall(self):
        self.submitted_at = None

    @transition(field=state, **fsm_args("start_review"))
    def start_review(self):
        pass

    @transition(field=state, **fsm_args("request_changes"))
    def request_changes(self):
        self.decided_at = timezone.now()

    @transition(field=state, **fsm_args("reject"))
    def reject(self):
        self.decided_at = timezone.now()

    @transition(field=state, **fsm_args("approve"))
    def approve(self):
        self.decided_at = timezone.now()

    @transition(field=state, **fsm_args("withdraw"))
    def withdraw(self):
        pass

    @transition(field=state, **fsm_args("supersede"))
    def supersede(self):
        pass


class SectionQuerySet(HistoryGuardedQuerySet):
    def delete(self):
        for section in self:
            section.delete()


class Section(models.Model):
    """One ordered section of a revision: a heading and a Markdown body, in both registers."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0, help_text="Sections are shown in this order.")
    heading = SingleLineCharField(max_length=300)
    body = models.TextField(help_text="Markdown. Cite sources as [@key] or [@a; @b].")
    plain_heading = SingleLineCharField("plain-language heading", max_length=300, blank=True)
    plain_body = models.TextField("plain-language body", blank=True, help_text="Markdown; optional.")

    history = HistoricalRecords()
    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading

    def _check_revision_editable(self) -> None:
        stored = Revision.objects.filter(pk=self.revision_id).values("state", "number").first()
        if stored is not None:
            check_editable(Revision(pk=self.revision_id, **stored))

    def save(self, *args, **kwargs):
        self._check_revision_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_revision_editable()
        return super().delete(*args, **kwargs)


class TransitionRecord(WriteOnceModel):
    """The audit record of one workflow step: who moved which revision from where to where, and why."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="transitions")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="transitions")
    action = SingleLineCharField(max_length=40)
    from_state = models.CharField(max_length=32, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=32, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    # Withdrawals only; blank for other steps and for withdrawals recorded before categories existed.
    reason_category = models.CharField(max_length=20, choices=WithdrawalReason.choices, blank=True, db_default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "workflow event"

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{action_label(self.action)}: revision {self.revision.number}, {self.actor}, {when}"


class CitedReference(WriteOnceModel):
    """The version of a reference an approved revision cites, pinned at approval.

    References are shared and may be corrected later; the public page of an approved revision keeps
    showing ``snapshot`` (the reference's fields as approved) until a newer revision is approved.
    """

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="cited_references")
    reference = models.ForeignKey("references.Reference", on_delete=models.PROTECT, related_name="pinned_by")
    key = SingleLineCharField(max_length=100)
    snapshot = models.JSONField()
    history_id = models.PositiveBigIntegerField(null=True, help_text="The HistoricalReference row pinned.")

    changed_message = "Pinned references are written once at approval and never changed."
    deleted_message = "Pinned references are part of what the board approved."

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "key"], name="one_pin_per_key_per_revision")]

    def __str__(self) -> str:
        return f"[@{self.key}] pinned by revision {self.revision.number}"


class AttachedReference(models.Model):
    """A source an editor attached to a draft's bibliography, meaning to cite it.

    Readers only ever see the references the text cites; an attached reference the text never cites
    is flagged to the editor on the revision page (``editorial.selectors.uncited_attached_references``).
    """

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="attached_references")
    reference = models.ForeignKey("references.Reference", on_delete=models.CASCADE, related_name="attached_to")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SectionQuerySet.as_manager()  # deletes one by one, so the editability check runs

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "reference"], name="attach_reference_once_per_revision")
        ]

    def __str__(self) -> str:
        return f"[@{self.reference.key}] attached to revision {self.revision.number}"

    _check_revision_editable = Section._check_revision_editable

    def save(self, *args, **kwargs):
        self._check_revision_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_revision_editable()
        return super().delete(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# The review desk: comments, assignments, periodic reviews, and the notification outbox.


class ReviewComment(models.Model):
    """A board member's comment on a revision (or one section of it), or a reply in its thread.

    A thread is its root comment (``parent`` empty) with its replies; resolving marks the root.
    ``section_heading`` keeps the heading as it was, so a thread stays readable if the section is
    later renamed or removed (the section link is then cleared).
    """

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="review_comments")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_comments"
    )
    section_heading = SingleLineCharField(max_length=300, blank=True)
    quote = models.TextField("quoted passage", blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        help_text="The open thread of an earlier revision this thread continues.",
    )

    history = HistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        where = f" on “{self.section_heading}”" if self.section_heading else ""
        return f"{self.author}{where}: {self.body[:60]}"

    @property
    def is_open(self) -> bool:
        return self.parent_id is None and self.resolved_at is None


class ReviewAssignment(WriteOnceModel):
    """The editor-in-chief asked this board member to review this revision; the latest one counts."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    changed_message = "Assignments are written once; assign again to change the reviewer."
    deleted_message = "Assignments are part of the audit trail."

    class Meta:
        ordering = ["-assigned_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews revision {self.revision.number}"


class ArticleReview(WriteOnceModel):
    """A board member confirmed that the approved revision is still current (content unchanged)."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reviews")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="currency_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField()
    reviewed_at = models.DateTimeField(default=timezone.now)
    next_review_due = models.DateField()

    history = HistoricalRecords()

    changed_message = "Review records are written once and never changed."
    deleted_message = "Review records are part of the audit trail."

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reviewer} confirmed {self.article} current on {self.reviewed_at:%Y-%m-%d}"


from editorial.evidence_models import RetractionFlag  # noqa: E402, F401 - the app's models are found here
from editorial.outbox_models import Notification  # noqa: E402, F401
