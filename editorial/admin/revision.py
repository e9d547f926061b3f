"""The revision screen: the form and its sections, the bibliography, the workflow buttons, the queue."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When, prefetch_related_objects
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import PolicyAdmin, PolicyInline
from core.pagination import LargeTableAdminMixin
from editorial import permissions, selectors, services
from editorial.admin.audit import TransitionRecordInline
from editorial.admin.bibliography import bibliography_response, editable_revision
from editorial.admin.desk import review_desk_context
from editorial.errors import SelfApprovalError, WorkflowError
from editorial.models import AttachedReference, ReviewAssignment, Revision, Section
from editorial.rules import EDITABLE_STATES, IN_REVIEW_STATES, RULES


class SectionInline(PolicyInline, admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "heading", "body", "plain_heading", "plain_body")
    ordering = ("position", "id")


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
        fields = (
            "title",
            "headline",
            "also_called",
            "summary",
            "plain_title",
            "plain_headline",
            "plain_summary",
            "change_note",
        )

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
                permissions.check_editable(locked)
            except WorkflowError as error:
                raise ValidationError(str(error)) from error
        return cleaned


def approve_refusal(user, revision) -> str:
    """Why a board member sees no "Approve" button on a revision in review that they wrote or changed."""
    try:
        permissions.check(user, "approve", revision, comment="-")
    except SelfApprovalError as refusal:
        return str(refusal)
    except WorkflowError:
        pass  # not in review, or not a board member: no approve button is expected, nothing to explain
    return ""


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
            return queryset.filter(author=request.user, state__in=EDITABLE_STATES)
        return queryset


@admin.register(Revision)
class RevisionAdmin(LargeTableAdminMixin, PolicyAdmin):
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
        ("Question and summary", {"fields": ("title", "headline", "also_called", "summary", "change_note")}),
        ("Plain-language register", {"fields": ("plain_title", "plain_headline", "plain_summary")}),
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
            # Citations, comparison and readability each read the sections: once, for all of them.
            prefetch_related_objects([revision], "sections")
            extra_context["workflow_actions"] = permissions.allowed_actions(request.user, revision)
            extra_context["approve_refusal"] = approve_refusal(request.user, revision)
            extra_context["workflow_revision"] = revision
            extra_context["unknown_citation_keys"] = selectors.unknown_citation_keys(revision)
            extra_context["outdated_citations"] = selectors.outdated_citations(revision)
            extra_context["uncited_attached"] = selectors.uncited_attached_references(revision)
            extra_context.update(review_desk_context(request, revision))
            if editable_revision(request, str(revision.pk)) is not None:
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
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            label = RULES[action].label
            messages.success(request, f"{label}: revision {revision.number} of “{revision.title}” is done.")
        return HttpResponseRedirect(reverse("admin:editorial_revision_change", args=[pk]))
