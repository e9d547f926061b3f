"""The question box's tables: the passages it quotes, the board-approved wording it uses, readers' questions.

``Passage`` is derived from approved revisions (written by ``editorial.services`` through
``ask.passages``), so, like ``articles.SearchDocument``, it has no history of its own: the revisions it is
cut from carry theirs. ``Wording`` is reviewed text (synonyms, emergency phrases, the fixed sentences)
and keeps history. ``Question`` is what a reader chose to send to the editors: no address is stored.
"""

from django.conf import settings
from django.db import models

from core.fields import SingleLineCharField
from core.history import HistoryGuardedQuerySet, IndexedHistoricalRecords


class Passage(models.Model):
    """One quotable block (a paragraph or list item) of a section of an article's published revision, in
    one register, as the article page shows it: sanitised HTML with the page's citation numbers."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="passages")
    revision = models.ForeignKey("editorial.Revision", on_delete=models.CASCADE, related_name="passages")
    register = models.CharField(max_length=20)
    position = models.PositiveIntegerField()  # reading order within the revision and register
    anchor = models.CharField(max_length=250)  # the section's id on the article page
    heading = models.TextField()  # plain text, as the page shows it in this register
    title = models.TextField()  # the article's title in this register
    # Sanitised by articles.rendering when written (ask.passages.quotable_html): citation numbers as on the
    # page, linking to "#ref-N" there, without the page's citation ids.
    html = models.TextField()
    text = models.TextField()  # what is ranked: plain text, without citation numbers
    also_called = models.TextField(blank=True)

    class Meta:
        ordering = ["article_id", "register", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "register", "position"], name="ask_passage_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.title} / {self.heading} ({self.register} {self.position})"


class PassageVersion(models.Model):
    """One row whose number goes up in the same transaction as every write or deletion of passages, so a
    worker learns that its BM25 index is stale from one primary-key read instead of counting the table
    (``ask.retrieval``; the count cost grew with the corpus, on every question)."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"passages version {self.number}"


class Wording(models.Model):
    """Reviewed text the box uses: editors write it, a board member approves it, only approved rows count.

    Any change clears the approval (``ask.services.wording_save``), so a changed phrase is out of use until a
    board member approves it again.
    """

    class Kind(models.TextChoices):
        SYNONYM = "synonym", "Synonym or lay term"
        EMERGENCY_PHRASE = "emergency_phrase", "Emergency phrase"
        URGENT_MESSAGE = "urgent_message", "Urgent-care message"
        ANSWER_NOTICE = "answer_notice", "Answer notice (quoted, not personal advice)"
        REFUSAL = "refusal", "No reviewed answer"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    text = models.TextField(
        help_text='A synonym: the reader\'s words ("blood thinner"). A phrase: words that signal an emergency '
        '("chest pain"). A message or notice: the sentence readers see (plain text).'
    )
    means = models.TextField(
        blank=True,
        help_text='Synonyms only: the words the articles use, separated by semicolons ("warfarin; anticoagulant").',
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = IndexedHistoricalRecords()
    objects = HistoryGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "text"]
        verbose_name = "box wording"
        verbose_name_plural = "box wording (synonyms, emergency phrases, messages)"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Question(models.Model):
    """A question the box had no reviewed answer for, sent to the editors by the reader (no address kept)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        HANDLED = "handled", "Handled"

    text = models.TextField()
    terms = models.CharField(max_length=250, db_index=True)  # stemmed, sorted key words: similar questions group
    audience_slug = SingleLineCharField(max_length=60, blank=True)
    asked_on = SingleLineCharField(max_length=200, blank=True, help_text="The article page the box was used on.")
    email = models.EmailField(blank=True, help_text="Only if the reader asked for an answer and agreed.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]
