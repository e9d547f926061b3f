"""The evidence pages of the admin: the "sources retracted" queue, approving a retraction notice, and a
board member confirming or correcting a cited source's study design from the revision page.

Thin views: the policy answers who may (``editorial.permissions``), the services check again and write.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import prefetch_related_objects
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from editorial import permissions, quality, selectors
from editorial.errors import RETRACTION_QUEUE_ROLE_MESSAGE, WorkflowError
from editorial.models import RetractionFlag, Revision
from editorial.services.evidence import reference_confirm_design, retraction_notice_approve
from references.models import Reference, StudyDesign


def revision_evidence_context(request, revision: Revision) -> dict:
    """What the revision page adds: the quality findings and the cited sources' evidence levels."""
    # Every check reads the sections: one query for all of them (tests/scale/test_query_counts.py).
    prefetch_related_objects([revision], "sections")
    return {
        "evidence_findings": quality.revision_findings(revision),
        "evidence_references": quality.cited_references(revision),
        "evidence_designs": StudyDesign.choices,
        "evidence_may_confirm": permissions.allowed(request.user, "confirm_design"),
    }


def retractions_view(request):
    """The queue: approved articles citing a retracted source, with the sentences that cite it."""
    if not permissions.allowed(request.user, "view", RetractionFlag):
        messages.error(request, RETRACTION_QUEUE_ROLE_MESSAGE)
        return HttpResponseRedirect(reverse("admin:index"))
    context = {
        **admin.site.each_context(request),
        "title": "Sources retracted",
        "flags": selectors.retraction_queue(),
        "may_approve_notice": permissions.allowed(request.user, "approve_notice"),
    }
    return TemplateResponse(request, "admin/editorial/retractions.html", context)


def approve_notice_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    flag = get_object_or_404(RetractionFlag, pk=pk)
    try:
        retraction_notice_approve(actor=request.user, flag=flag)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Readers of {flag.article.slug} now see the notice on [@{flag.reference.key}].")
    return HttpResponseRedirect(reverse("desk:retractions"))


def confirm_design_view(request, pk: int, reference_pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reference = get_object_or_404(Reference, pk=reference_pk)
    back = reverse("admin:editorial_revision_change", args=[pk]) + "#evidence"
    try:
        reference_confirm_design(actor=request.user, reference=reference, design=request.POST.get("design", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
    except ValueError:
        messages.error(request, "Choose one of the study designs listed.")
    else:
        messages.success(request, f"Study design of [@{reference.key}] recorded.")
    return HttpResponseRedirect(back)
