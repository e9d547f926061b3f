"""The staff admin: thin views over editorial.services, with buttons from editorial.rules."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article
from editorial import rules, selectors, services
from editorial.admin_views import review_desk_context
from editorial.models import AttachedReference, Notification, ReviewAssignment, Revision, Section, TransitionRecord
from editorial.rules import IN_REVIEW_STATES, RULES, State
from references.admin import CITED_BY_SOURCES, IMPORT_TARGETS, ImportTarget
from references.audit import read_only_history
from references.exporters import to_bibtex, to_ris
from references.pagination import LargeTableAdminMixin


class ReadOnlyAuditMixin:
    """History and audit records are shown, never edited or deleted, through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


RECENT_LIMIT = 50  # rows of an article's revisions and events shown on its page


class TransitionRecordInline(ReadOnlyAuditMixin, admin.TabularInline):
    model = TransitionRecord
    fk_name = "revision"
    extra = 0
    fields = ("created_at", "actor", "action", "from_state", "to_state", "comment")
    readonly_fields = fields
    verbose_name_plural = "workflow history (who, when, from, to, why)"
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("revision", "actor")


class ArticleTransitionInline(TransitionRecordInline):
    fk_name = "article"
    fields = ("created_at", "revision", "actor", "action", "from_state", "to_state", "comment")
    readonly_fields = fields
    verbose_name_plural = f"latest {RECENT_LIMIT} workflow events (all: Workflow events, filtered by article)"

    def get_queryset(self, request):
        # An article with 1,000 revisions has thousands of events: show the latest, in constant time.
        article_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        queryset = super().get_queryset(request)
        if article_id is None:
            return queryset
        latest = TransitionRecord.objects.filter(article_id=article_id).order_by("-created_at", "-id")
        return queryset.filter(pk__in=latest.values("pk")[:RECENT_LIMIT])


class ActionFilter(admin.SimpleListFilter):
    """The workflow's actions, from RULES: no DISTINCT over every event (millions at 100,000 articles)."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [("create", "Create"), *((action, rule.label) for action, rule in RULES.items())]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class RecentFilter(admin.SimpleListFilter):
    """Fixed periods instead of a date hierarchy (which reads every event's date to list the years)."""

    title = "when"
    parameter_name = "within_days"
    PERIODS = {"1": "Today", "7": "Past 7 days", "30": "Past 30 days", "365": "Past year"}

    def lookups(self, request, model_admin):
        return list(self.PERIODS.items())

    def queryset(self, request, queryset):
        if self.value() not in self.PERIODS:
            return queryset
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=int(self.value())))


@admin.register(TransitionRecord)
class TransitionRecordAdmin(LargeTableAdminMixin, ReadOnlyAuditMixin, admin.ModelAdmin):
    list_display = ("created_at", "article", "revision_number", "action", "from_state", "to_state", "actor")
    list_filter = (RecentFilter, ActionFilter, "to_state")
    search_fields = ("article__slug", "actor__username", "comment")
    list_select_related = ("article", "revision", "actor")

    @admin.display(description="revision")
    def revision_number(self, record):
        return record.revision.number


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "heading", "body", "plain_heading", "plain_body")
    ordering = ("position", "id")

    def _editable(self, request, obj) -> bool:
        return obj is not None and obj.is_editable and rules.may_write_content(request.user)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class AttachedReferenceInline(SectionInline):
    """Sources the editor means to cite; the ones the text does not cite are flagged above the form."""

    model = AttachedReference
    verbose_name = "attached reference"
    verbose_name_plural = "bibliography: attached references (readers see only the cited ones)"
    fields = ("reference", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")
    autocomplete_fields = ("reference",)
    ordering = ("reference__key",)
    classes = ("collapse",)


class RevisionForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Revision
        fields = ("title", "plain_title", "summary", "plain_summary", "change_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            # Runs inside the admin's transaction: the row stays locked until the save commits.
            try:
                locked = services.revision_check_fresh(revision_pk=self.instance.pk, expected_version=expected)
                rules.check_editable(locked)
            except rules.WorkflowError as error:
                raise ValidationError(str(error)) from error
        return cleaned


def with_assigned_first(queryset, user):
    """Annotate ``assigned_first`` (0 when the revision's current assignment is ``user``), for ordering.

    The revisions currently assigned to ``user`` are read first (a short list, through the reviewer
    index) instead of a subquery per revision in review, which grew with the queue (10,000 at 100,000
    articles); with none, the queue is read in ``submitted_at`` order straight from its index.
    """
    current_reviewer = ReviewAssignment.objects.filter(revision=OuterRef("revision_id")).values("reviewer_id")[:1]
    mine = sorted(
        set(
            ReviewAssignment.objects.filter(reviewer=user, revision__state__in=IN_REVIEW_STATES)
            .annotate(current_reviewer_id=Subquery(current_reviewer))
            .filter(current_reviewer_id=user.pk)
            .values_list("revision_id", flat=True)
        )
    )
    if not mine:
        return queryset.annotate(assigned_first=Value(1, output_field=IntegerField()))
    return queryset.annotate(
        assigned_first=Case(When(pk__in=mine, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


class QueueFilter(admin.SimpleListFilter):
    title = "workflow"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", "Awaiting my review"),
            ("review", "In review (oldest first)"),
            ("drafts", "My drafts"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(state__in=IN_REVIEW_STATES).exclude(author=request.user)
        if self.value() == "review":
            return queryset.filter(state__in=IN_REVIEW_STATES)
        if self.value() == "drafts":
            return queryset.filter(author=request.user, state__in=rules.EDITABLE_STATES)
        return queryset


@admin.register(Revision)
@read_only_history
class RevisionAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    form = RevisionForm
    change_form_template = "admin/editorial/revision/change_form.html"
    inlines = [SectionInline, AttachedReferenceInline, TransitionRecordInline]
    list_display = ("title", "article", "number", "state_badge", "author", "submitted_at", "updated_at")
    list_filter = (QueueFilter, "state")
    search_fields = ("title", "article__slug", "author__username")
    list_select_related = ("article", "author")
    list_per_page = 50
    readonly_fields = ("article", "number", "state", "author", "based_on", "version", "submitted_at", "decided_at")
    fieldsets = (
        ("Question and summary", {"fields": ("title", "summary", "change_note")}),
        ("Plain-language register", {"fields": ("plain_title", "plain_summary")}),
        ("Workflow", {"fields": readonly_fields}),
        (None, {"fields": ("expected_version",)}),
    )
    history_list_display = ("state", "version")

    @admin.display(description="state", ordering="state")
    def state_badge(self, revision):
        return format_html('<span class="state state-{}">{}</span>', revision.state, revision.get_state_display())

    def get_ordering(self, request):
        if request.GET.get("queue") == "mine":
            return ("assigned_first", "submitted_at", "pk")
        if request.GET.get("queue") == "review":
            return ("submitted_at", "pk")
        return ("-updated_at",)

    def get_queryset(self, request):
        if request.GET.get("queue") == "mine":
            # Annotate before ordering: the queue puts my assignments first.
            queryset = with_assigned_first(self.model._default_manager.get_queryset(), request.user)
            return queryset.order_by(*self.get_ordering(request))
        return super().get_queryset(request)

    def has_add_permission(self, request):
        return False  # revisions start from an article: "Add article" or "Start a new revision"

    def has_delete_permission(self, request, obj=None):
        return False  # revisions are part of the audit trail

    def has_change_permission(self, request, obj=None):
        if obj is not None and not (obj.is_editable and rules.may_write_content(request.user)):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        return self.fieldsets[:3]

    def save_model(self, request, obj, form, change):
        services.revision_edit(
            actor=request.user,
            revision=obj,
            expected_version=form.cleaned_data["expected_version"],
            **{field: form.cleaned_data[field] for field in RevisionForm.Meta.fields},
        )
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        for section_form in formset.forms:
            section_form.instance._change_reason = f"Edited: {form.instance.change_note}"[:100]
            if isinstance(section_form.instance, AttachedReference) and section_form.instance.added_by_id is None:
                section_form.instance.added_by = request.user
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="editorial_revision_transition",
            ),
            path(
                "<int:pk>/bibliography.<str:fmt>",
                self.admin_site.admin_view(self.bibliography_view),
                name="editorial_revision_bibliography",
            ),
        ]
        return custom + urls

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if revision is not None:
            extra_context["workflow_actions"] = rules.allowed_actions(request.user, revision)
            extra_context["workflow_revision"] = revision
            extra_context["unknown_citation_keys"] = services.unknown_citation_keys(revision)
            extra_context["outdated_citations"] = selectors.outdated_citations(revision)
            extra_context["uncited_attached"] = selectors.uncited_attached_references(revision)
            extra_context.update(review_desk_context(request, revision))
            if _editable_revision(request, str(revision.pk)) is not None:
                extra_context["import_bibliography_url"] = (
                    reverse("admin:references_reference_import") + f"?target=revision:{revision.pk}"
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def bibliography_view(self, request, pk: int, fmt: str):
        """The revision's cited references as RIS or BibTeX (pinned versions once approved)."""
        revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
        if not self.has_view_or_change_permission(request, revision):
            raise PermissionDenied
        return bibliography_response(revision, fmt)

    def transition_view(self, request, pk: int):
        """POST only: take one workflow step through the service, then show what happened."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        revision = get_object_or_404(Revision, pk=pk)
        if not self.has_view_permission(request, revision):
            messages.error(request, "You may not act on revisions.")
            return HttpResponseRedirect(reverse("admin:index"))
        action = request.POST.get("action", "")
        try:
            expected = int(request.POST.get("expected_version", ""))
        except ValueError:
            expected = -1  # a form without a version is as stale as one with an old version
        try:
            services.revision_transition(
                actor=request.user,
                revision=revision,
                action=action,
                comment=request.POST.get("comment", ""),
                expected_version=expected,
                confirm_open_threads=request.POST.get("confirm_open_threads") == "1",
                full_review=request.POST.get("full_review") == "1",
            )
        except rules.WorkflowError as error:
            messages.error(request, str(error))
        else:
            label = RULES[action].label
            messages.success(request, f"{label}: revision {revision.number} of “{revision.title}” is done.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[pk]))


BIBLIOGRAPHY_FORMATS = {
    "ris": (to_ris, "application/x-research-info-systems"),
    "bib": (to_bibtex, "application/x-bibtex"),
}


def bibliography_response(revision: Revision, fmt: str) -> HttpResponse:
    if fmt not in BIBLIOGRAPHY_FORMATS:
        raise Http404("Bibliographies export as .ris or .bib.")
    writer, content_type = BIBLIOGRAPHY_FORMATS[fmt]
    response = HttpResponse(
        writer(selectors.revision_bibliography(revision)), content_type=f"{content_type}; charset=utf-8"
    )
    filename = f"{revision.article.slug}-revision-{revision.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _open_revisions_citing(reference) -> list[tuple[str, str]]:
    return [
        (
            f"{revision.article.slug}, revision {revision.number} ({revision.get_state_display().lower()})",
            reverse("admin:editorial_revision_change", args=[revision.pk]),
        )
        for revision in selectors.open_revisions_citing(reference)
    ]


CITED_BY_SOURCES.append(_open_revisions_citing)


def _editable_revision(request, argument: str) -> Revision | None:
    revision = Revision.objects.select_related("article").filter(pk=argument if argument.isdigit() else None).first()
    if revision is None or not revision.is_editable or not rules.may_write_content(request.user):
        return None
    return revision


def _describe_revision_target(request, argument: str) -> str | None:
    revision = _editable_revision(request, argument)
    return None if revision is None else f"the bibliography of {revision.article.slug}, revision {revision.number}"


def _attach_imported_references(request, argument: str, references) -> str:
    revision = _editable_revision(request, argument)
    if revision is None:
        raise ValidationError("That revision can no longer be changed; nothing was imported.")
    try:
        services.revision_attach_references(actor=request.user, revision=revision, references=references)
    except rules.WorkflowError as error:
        raise ValidationError(str(error)) from error
    return reverse("admin:editorial_revision_change", args=[revision.pk])


# "Import a bibliography" on a draft: the references admin imports, then hands them to this revision.
IMPORT_TARGETS["revision"] = ImportTarget(describe=_describe_revision_target, receive=_attach_imported_references)


class ArticleCreateForm(forms.ModelForm):
    title = forms.CharField(max_length=300, help_text="A question, for example 'What is calciphylaxis?'")
    summary = forms.CharField(widget=forms.Textarea, help_text="Markdown; cite sources as [@key].")

    class Meta:
        model = Article
        fields = ("slug", "title", "summary")


latest_revision = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")


@admin.register(Article)
@read_only_history
class ArticleAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    list_display = ("slug", "current_title", "published_number", "latest_state", "next_review_due")
    search_fields = ("slug",)
    list_select_related = ("published_revision",)
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [ArticleTransitionInline]
    readonly_fields = ("slug", "published_revision", "published_at", "last_reviewed_at", "next_review_due")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_title=Subquery(latest_revision.values("title")[:1]),
                latest_state=Subquery(latest_revision.values("state")[:1]),
            )
        )

    @admin.display(description="title")
    def current_title(self, article):
        return article.published_revision.title if article.published_revision else article.latest_title

    @admin.display(description="published revision")
    def published_number(self, article):
        return article.published_revision.number if article.published_revision else "—"

    @admin.display(description="latest revision state")
    def latest_state(self, article):
        return State(article.latest_state).label if article.latest_state else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("slug", "title", "summary")
        return ("slug", "review_interval_months", *self.readonly_fields[1:])

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_add_permission(self, request):
        return rules.may_write_content(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        # Only the editor-in-chief sets an article's review interval; the rest goes through revisions.
        return rules.Role.EDITOR_IN_CHIEF in rules.roles_of(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj._change_reason = "Review interval changed"
            super().save_model(request, obj, form, change)
            return
        with transaction.atomic():
            revision = services.article_create(
                actor=request.user,
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        form.instance = revision.article
        obj.pk = revision.article.pk
        request._vetted_new_revision = revision

    def response_add(self, request, obj, post_url_continue=None):
        revision = request._vetted_new_revision
        messages.success(request, "Article created with draft revision 1. Add sections, then submit it for review.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[revision.pk]))

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/new-revision/",
                self.admin_site.admin_view(self.new_revision_view),
                name="articles_article_new_revision",
            ),
            path(
                "<int:pk>/bibliography.<str:fmt>",
                self.admin_site.admin_view(self.bibliography_view),
                name="articles_article_bibliography",
            ),
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            revisions = article.revisions.select_related("author").order_by("-number")
            extra_context["revisions"] = revisions[:RECENT_LIMIT]
            extra_context["revision_count"] = revisions.count()
            extra_context["may_start_revision"] = rules.may_write_content(request.user)
            extra_context["may_confirm_current"] = rules.may_confirm_current(request.user, article)
            extra_context["article_reviews"] = article.reviews.select_related("reviewer", "revision")[:20]
        return super().change_view(request, object_id, form_url, extra_context)

    def bibliography_view(self, request, pk: int, fmt: str):
        """The article's bibliography as readers see it: the published revision's, else the latest."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revision = article.published_revision or article.revisions.order_by("-number").first()
        if revision is None:
            raise Http404("This article has no revision yet.")
        return bibliography_response(revision, fmt)

    def new_revision_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        try:
            revision = services.revision_start_new(
                actor=request.user, article=article, change_note=request.POST.get("change_note", "")
            )
        except (rules.WorkflowError, ValidationError) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        messages.success(request, f"Revision {revision.number} started as a copy; the approved one stays public.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[revision.pk]))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """The email outbox, read-only: what was sent, what failed and why (``send_notifications`` retries)."""

    list_display = ("created_at", "event", "email", "subject", "sent_at", "attempts", "last_error")
    list_filter = ("event", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "subject")
    date_hierarchy = "created_at"
