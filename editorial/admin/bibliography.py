"""Bibliographies: RIS/BibTeX exports, and what the references admin asks of revisions.

``references`` imports nothing of ours, so it offers two hooks (``CITED_BY_SOURCES``,
``IMPORT_TARGETS``); ``EditorialConfig.ready()`` registers the functions below in them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse

from editorial import permissions, selectors, services
from editorial.errors import WorkflowError
from editorial.models import Revision
from references.admin import ImportTarget
from references.exporters import to_bibtex, to_ris

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


def open_revisions_citing(reference) -> list[tuple[str, str]]:
    """For a reference's "cited by": the open revisions whose text cites it, with their admin pages."""
    return [
        (
            f"{revision.article.slug}, revision {revision.number} ({revision.get_state_display().lower()})",
            reverse("admin:editorial_revision_change", args=[revision.pk]),
        )
        for revision in selectors.open_revisions_citing(reference)
    ]


def editable_revision(request, argument: str) -> Revision | None:
    """The revision named by ``argument`` when this user may edit it now, else None."""
    revision = Revision.objects.select_related("article").filter(pk=argument if argument.isdigit() else None).first()
    if revision is None or not permissions.allowed(request.user, "edit", revision):
        return None
    return revision


def _describe_revision_target(request, argument: str) -> str | None:
    revision = editable_revision(request, argument)
    return None if revision is None else f"the bibliography of {revision.article.slug}, revision {revision.number}"


def _attach_imported_references(request, argument: str, references) -> str:
    revision = editable_revision(request, argument)
    if revision is None:
        raise ValidationError("That revision can no longer be changed; nothing was imported.")
    try:
        services.revision_attach_references(actor=request.user, revision=revision, references=references)
    except WorkflowError as error:
        raise ValidationError(str(error)) from error
    return reverse("admin:editorial_revision_change", args=[revision.pk])


# "Import a bibliography" on a draft: the references admin imports, then hands them to this revision.
REVISION_IMPORT_TARGET = ImportTarget(describe=_describe_revision_target, receive=_attach_imported_references)
