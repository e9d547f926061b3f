"""The revision screen: the form and its sections, the bibliography, the workflow buttons (the queue: ``queue``).

A workflow button pressed on a page with unsaved edits posts the revision's own form: the admin
validates and saves it (through ``services.revision_edit``, with history and the version check) and
then takes the step; an invalid or stale form is shown again with what was typed and the step not
taken. The page works the same without JavaScript; ``vetted/unsaved.js`` only adds a warning before
leaving it with unsaved edits.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from core.admin import PolicyAdmin, PolicyInline
from core.pagination import LargeTableAdminMixin
from editorial import permissions, selectors, services
from editorial.admin import workflow
from editorial.admin.audit import TransitionRecordInline
from editorial.admin.bibliography import bibliography_response, editable_revision
from editorial.admin.desk import review_desk_context
from editorial.admin.evidence import revision_evidence_context
from editorial.admin.queue import RevisionListMixin
from editorial.errors import STALE_UNSAVED_MESSAGE, UNSAVED_INVALID_MESSAGE, StaleRevisionError, WorkflowError
from editorial.models import AttachedReference, Revision, Section
from editorial.rules import RULES


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
    stale = False  # set when someone else saved the revision since this page was opened

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
            "literature_checked_through",
            "safety_category",
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
                self.stale = isinstance(error, StaleRevisionError)
                raise ValidationError(str(error)) from error
        return cleaned


@admin.register(Revision)
class RevisionAdmin(RevisionListMixin, LargeTableAdminMixin, PolicyAdmin):
    guards_stale_edits = False  # its form carries the revision's version (expected_version)
    form = RevisionForm
    change_form_template = "admin/editorial/revision/change_form.html"
    inlines = [SectionInline, AttachedReferenceInline, TransitionRecordInline]
    readonly_fields = (
        "article",
        "number",
        "state",
        "author",
        "based_on",
        "version",
        "submitted_at",
        "decided_at",
        "safety_due_at",
    )
    fieldsets = (
        (
            "Question and summary",
            {"fields": ("title", "headline", "also_called", "summary", "change_note", "literature_checked_through")},
        ),
        ("Plain-language register", {"fields": ("plain_title", "plain_headline", "plain_summary")}),
        ("Safety update", {"fields": ("safety_category",)}),
        ("Workflow", {"fields": readonly_fields}),
        (None, {"fields": ("expected_version",)}),
    )
    history_list_display = ("state", "version")

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        return self.fieldsets[:4]

    def save_model(self, request, obj, form, change):
        if workflow_button(request) is None:
            self._save_revision(request, obj, form)
        # A workflow button saves in save_related, where the sections' forms tell whether anything changed.

    def save_related(self, request, form, formsets, change):
        if workflow_button(request) is not None:
            request.vetted_saved_first = form.has_changed() or any(formset.has_changed() for formset in formsets)
            if request.vetted_saved_first:  # nothing typed: no edit, no new version, just the step
                self._save_revision(request, form.instance, form)
        super().save_related(request, form, formsets, change)  # saves only the sections' forms that changed

    def _save_revision(self, request, obj, form):
        services.revision_edit(
            actor=request.user,
            revision=obj,
            expected_version=form.cleaned_data["expected_version"],
            **{field: form.cleaned_data[field] for field in RevisionForm.Meta.fields},
        )
        obj.refresh_from_db()
        request.vetted_saved_version = obj.version

    def response_change(self, request, obj):
        action = workflow_button(request)
        if action is None:
            workflow.keep_comment(request, obj.pk, request.POST.get("comment", ""))  # typed, not yet used
            return super().response_change(request, obj)
        saved = getattr(request, "vetted_saved_first", False)
        expected = request.vetted_saved_version if saved else int(request.POST["expected_version"])
        return workflow.take_step(request, obj, action=action, expected_version=expected, saved=saved)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        action = workflow_button(request)
        if request.method == "POST" and action is not None:  # the form was refused: nothing saved, no step
            label = RULES[action].label if action in RULES else action
            refusal = STALE_UNSAVED_MESSAGE if context["adminform"].form.stale else UNSAVED_INVALID_MESSAGE
            context["workflow_refused_unsaved"] = refusal.format(label=label)
            context["workflow_comment"] = request.POST.get("comment", "")
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            extra_context.update(workflow.panel_context(request, revision))
            extra_context["unknown_citation_keys"] = selectors.unknown_citation_keys(revision)
            extra_context["outdated_citations"] = selectors.outdated_citations(revision)
            extra_context["uncited_attached"] = selectors.uncited_attached_references(revision)
            # First: it reads the sections once for every check, and the desk then reuses them.
            extra_context.update(revision_evidence_context(request, revision))
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
        try:
            expected = int(request.POST.get("expected_version", ""))
        except ValueError:
            expected = -1  # a form without a version is as stale as one with an old version
        return workflow.take_step(request, revision, action=request.POST.get("action", ""), expected_version=expected)


def workflow_button(request) -> str | None:
    """The workflow step a button of the revision's own form asked for (it saves the form first), if any."""
    return request.POST.get("_workflow") if request.method == "POST" else None
