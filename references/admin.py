"""Reference admin: search, filters, "cited by", deletion guard, and import (upload, preview, confirm)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.admin import PolicyAdmin, ReadOnlyAuditMixin
from core.fields import one_line
from core.pagination import LargeTableAdminMixin
from references.formatting import format_ama
from references.importers import FORMAT_CHOICES, FORMATS, ImportFileError, decode_file, max_bytes, parse_text
from references.importers.base import TOO_LARGE_MESSAGE
from references.models import SNAPSHOT_FIELDS, Reference, ReferenceImport, ReferenceInUseError, reference_snapshot
from references.services import (
    check_may_import,
    reference_delete,
    reference_save,
    references_import,
    references_import_preview,
)
from references.uploads import ImportSizeLimitHandler

# Apps above ``references`` add the places that cite a reference (``references`` imports none of them),
# from their ``AppConfig.ready()``: each callable takes a Reference and returns (label, admin URL) pairs.
CITED_BY_SOURCES: list[Callable[[Reference], list[tuple[str, str]]]] = []
PREVIEW_ROWS_SHOWN = 500


@dataclass(frozen=True)
class ImportTarget:
    """Lets an app above ``references`` receive the references of an import (a revision's bibliography).

    ``describe(request, argument)`` names the destination for the import pages, or returns None when
    this user may not send references there; ``receive(request, argument, references)`` runs in the
    import's transaction (raise ValidationError to undo the whole import) and returns the URL to show.
    """

    describe: Callable[..., str | None]
    receive: Callable[..., str]


# Registered by apps above this one from their ``AppConfig.ready()``, e.g. "revision" -> attach to a
# revision; used as ?target=revision:12
IMPORT_TARGETS: dict[str, ImportTarget] = {}


def resolve_target(request, value: str) -> tuple[ImportTarget, str, str] | None:
    """(target, argument, label) for ``"name:argument"``; None for no target; 404 for a refused one."""
    if not value:
        return None
    name, _, argument = value.partition(":")
    target = IMPORT_TARGETS.get(name)
    label = target.describe(request, argument) if target else None
    if label is None:
        raise Http404("You cannot import references into that destination.")
    return target, argument, label


def _formfield(db_field, **kwargs):
    if db_field.name == "url":
        kwargs["assume_scheme"] = "https"  # only http(s) links are valid; https is the sensible default
    return db_field.formfield(**kwargs)


class ReferenceForm(forms.ModelForm):
    class Meta:
        formfield_callback = _formfield
        model = Reference
        fields = SNAPSHOT_FIELDS  # every field a page shows, and nothing else

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:  # absent from the view-only form the admin builds for board members
            self.fields["key"].required = False
            self.fields["key"].help_text = "Cite it in text as [@key]. Leave empty to generate one (nigwekar2015)."


class ImportForm(forms.Form):
    file = forms.FileField(help_text="RIS, BibTeX, PubMed .nbib or XML, CSL-JSON; UTF-8.")
    target = forms.CharField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False)
    merge = forms.BooleanField(
        required=False, label="Fill blank fields of references that already exist (instead of skipping them)"
    )


EVIDENCE_FIELDS = ("study_design", "design_confirmed_by", "design_confirmed_at", "retraction_status", "retracted_on")


@admin.register(Reference)
class ReferenceAdmin(LargeTableAdminMixin, PolicyAdmin):
    form = ReferenceForm
    change_list_template = "admin/references/reference/change_list.html"
    list_display = ("key", "type", "title", "first_author", "container", "year", "doi", "pmid")
    list_filter = ("type", "study_design", "retraction_status", "year")
    search_fields = ("key", "title", "authors", "doi", "pmid")
    readonly_fields = ("cited_by", "formatted", *EVIDENCE_FIELDS)
    fieldsets = (
        (None, {"fields": ("key", "type", "title", "authors")}),
        ("Publication", {"fields": ("container", "year", "volume", "issue", "pages")}),
        ("Identifiers", {"fields": ("doi", "pmid", "url")}),
        # Set on import and by a board member from the revision page (editorial.services.evidence).
        ("Evidence", {"fields": EVIDENCE_FIELDS}),
        ("As readers see it", {"fields": ("formatted", "cited_by")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="first author")
    def first_author(self, reference):
        return (reference.authors or "").split("\n", 1)[0]

    @admin.display(description="AMA entry")
    def formatted(self, reference):
        return format_ama(reference) if reference.pk else "-"

    @admin.display(description="cited by")
    def cited_by(self, reference):
        if reference.pk is None:
            return "-"
        current = reference_snapshot(reference)
        places = [
            (
                f"{pin.revision.article.slug}, revision {pin.revision.number} "
                + ("(approved version pinned)" if pin.snapshot == current else "(shows an earlier version)"),
                reverse("admin:editorial_revision_change", args=[pin.revision_id]),
            )
            for pin in reference.approved_citations().order_by("revision__article__slug", "revision__number")
        ]
        for source in CITED_BY_SOURCES:
            places += source(reference)
        if not places:
            return "Not cited by any article."
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', ((u, t) for t, u in places))
        )

    def save_model(self, request, obj, form, change):
        reference_save(actor=request.user, reference=obj, reason="Edited in the admin" if change else "Added")

    def delete_model(self, request, obj):
        reference_delete(actor=request.user, reference=obj)

    def delete_view(self, request, object_id, extra_context=None):
        reference = self.get_object(request, object_id)
        if reference is not None:
            try:
                reference.check_deletable()
            except ReferenceInUseError as error:
                messages.error(request, error.messages[0])
                return HttpResponseRedirect(reverse("admin:references_reference_change", args=[reference.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        for reference in queryset:
            reference_delete(actor=request.user, reference=reference)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except ReferenceInUseError as error:
            messages.error(request, error.messages[0])
            return HttpResponseRedirect(request.get_full_path())

    # -----------------------------------------------------------------------------------------
    # Import: upload -> preview (nothing written) -> confirm (one transaction)

    def get_urls(self):
        custom = [
            path("import/", self.admin_site.admin_view(self.import_view), name="references_reference_import"),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_preview_view),
                name="references_reference_import_preview",
            ),
            path(
                "import/<int:pk>/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="references_reference_import_confirm",
            ),
        ]
        return custom + super().get_urls()

    def _check_import_permission(self, request) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied
        check_may_import(request.user)

    @method_decorator(csrf_exempt)
    def import_view(self, request):
        # The size-limit handler must be installed before anything reads the body (CSRF does), so
        # CSRF protection is applied inside, after it.
        request.upload_handlers.insert(0, ImportSizeLimitHandler(request))
        return csrf_protect(self._import_view)(request)

    def _import_view(self, request):
        self._check_import_permission(request)
        posted = request.method == "POST"
        form = ImportForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            initial={"target": request.GET.get("target", "")},
        )
        target_value = request.POST.get("target", "") if posted else request.GET.get("target", "")
        target = resolve_target(request, target_value)
        if request.method == "POST":
            too_large = getattr(request, "vetted_upload_too_large", None)
            if too_large:
                form.is_valid()
                form.errors.clear()
                form.add_error(None, TOO_LARGE_MESSAGE.format(size=f"more than {max_bytes()}", limit=max_bytes()))
            elif form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    if upload.size > max_bytes():
                        raise ImportFileError(TOO_LARGE_MESSAGE.format(size=upload.size, limit=max_bytes()))
                    fmt, text = decode_file(upload.read(), upload.name, form.cleaned_data["format"])
                    references_import_preview(records=parse_text(text, fmt))  # refuse broken files now
                except ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    log = ReferenceImport.objects.create(
                        filename=one_line(upload.name)[:255],  # a browser may send any name
                        format=fmt,
                        data=text,
                        uploaded_by=request.user,
                        merge=form.cleaned_data["merge"],
                        target=target_value if target else "",
                    )
                    return HttpResponseRedirect(reverse("admin:references_reference_import_preview", args=[log.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import references",
            "form": form,
            "formats": FORMATS.values(),
            "max_bytes": max_bytes(),
            "target_label": target[2] if target else "",
        }
        return TemplateResponse(request, "admin/references/reference/import.html", context)

    def _pending_import(self, request, pk: int) -> ReferenceImport:
        self._check_import_permission(request)
        return get_object_or_404(
            ReferenceImport, pk=pk, uploaded_by=request.user, status=ReferenceImport.Status.PREVIEWED
        )

    def import_preview_view(self, request, pk: int):
        log = self._pending_import(request, pk)
        summary = references_import_preview(records=parse_text(log.data, log.format), merge=log.merge)
        target = resolve_target(request, log.target)
        context = {
            "target_label": target[2] if target else "",
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Import {log.filename}: preview",
            "log": log,
            "summary": summary,
            "format_label": FORMATS[log.format].label,
            "groups": [
                (action, label, summary.of(action)[:PREVIEW_ROWS_SHOWN], summary.counts[action])
                for action, label in (
                    ("invalid", "Invalid: will not be imported"),
                    ("create", "New: will be created"),
                    ("merge", "Already present: blank fields will be filled"),
                    ("skip", "Already present: will be skipped"),
                )
            ],
            "rows_shown": PREVIEW_ROWS_SHOWN,
        }
        return TemplateResponse(request, "admin/references/reference/import_preview.html", context)

    def import_confirm_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        log = self._pending_import(request, pk)
        target = resolve_target(request, log.target)
        next_url = reverse("admin:references_reference_changelist")
        try:
            with transaction.atomic():  # the import and its destination succeed or fail together
                summary = references_import(
                    actor=request.user,
                    records=parse_text(log.data, log.format),
                    filename=log.filename,
                    fmt=log.format,
                    merge=log.merge,
                    skip_invalid=bool(request.POST.get("skip_invalid")),
                    log=log,
                    collect_keys=target is not None,
                )
                if target is not None:
                    handler, argument, _label = target
                    references = Reference.objects.filter(key__in=summary.keys).order_by("key")
                    next_url = handler.receive(request, argument, list(references))
        except (ImportFileError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return HttpResponseRedirect(reverse("admin:references_reference_import_preview", args=[log.pk]))
        counts = summary.counts
        messages.success(
            request,
            f"Imported {log.filename}: {counts['create']} created, {counts['merge']} merged, "
            f"{counts['skip']} already present, {counts['invalid']} invalid left out."
            + (f" All {len(summary.keys)} were attached to {target[2]}." if target else ""),
        )
        return HttpResponseRedirect(next_url)


@admin.register(ReferenceImport)
class ReferenceImportAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """The import log: who imported which file, when, with what result. Read-only (the policy says who reads)."""

    list_display = ("filename", "format", "status", "uploaded_by", "uploaded_at", "created", "merged", "skipped")
    list_filter = ("status", "format")
    search_fields = ("filename", "uploaded_by__username")
    exclude = ("data",)
    list_select_related = ("uploaded_by",)
