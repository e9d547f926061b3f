"""Reads about revisions and the references they cite (writes live in services.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from editorial.models import AttachedReference, CitedReference, Revision
from editorial.rules import OPEN_STATES
from editorial.services import revision_texts
from references.citations import cited_keys
from references.models import Reference, reference_snapshot


@dataclass(frozen=True)
class OutdatedCitation:
    key: str
    reference: Reference
    pinned: dict  # what the approved revision shows
    current: dict  # what the library holds now
    changed_fields: list[str]


def outdated_citations(revision: Revision) -> list[OutdatedCitation]:
    """References this approved revision pinned that have been corrected since (a new revision publishes them)."""
    pins = CitedReference.objects.filter(revision=revision).select_related("reference").order_by("key")
    outdated = []
    for pin in pins:
        current = reference_snapshot(pin.reference)
        changed = [name for name, value in current.items() if pin.snapshot.get(name) != value]
        if changed:
            outdated.append(OutdatedCitation(pin.key, pin.reference, pin.snapshot, current, changed))
    return outdated


def revision_bibliography(revision: Revision) -> list[dict]:
    """The references a revision cites, in order of first citation: pinned versions once approved."""
    keys = cited_keys(revision_texts(revision))
    pins = {pin.key: pin.snapshot for pin in CitedReference.objects.filter(revision=revision)}
    if pins:
        return [pins[key] for key in keys if key in pins]
    live = {reference.key: reference for reference in Reference.objects.filter(key__in=keys)}
    return [reference_snapshot(live[key]) for key in keys if key in live]


def open_revisions_citing(reference: Reference) -> list[Revision]:
    """Revisions still being written or reviewed whose text cites ``reference``."""
    needle = f"@{reference.key}"
    text_match = Q()
    for name in ("title", "plain_title", "summary", "plain_summary"):
        text_match |= Q(**{f"{name}__contains": needle})
    for name in ("heading", "body", "plain_heading", "plain_body"):
        text_match |= Q(**{f"sections__{name}__contains": needle})
    candidates = Revision.objects.filter(text_match, state__in=OPEN_STATES).distinct().select_related("article")
    return [
        revision
        for revision in candidates.order_by("article__slug", "number")
        if reference.key in cited_keys(revision_texts(revision))
    ]


def uncited_attached_references(revision: Revision) -> list[Reference]:
    """References attached to the revision's bibliography that its text does not cite (flagged to editors)."""
    cited = set(cited_keys(revision_texts(revision)))
    attachments = AttachedReference.objects.filter(revision=revision).select_related("reference")
    return [a.reference for a in attachments.order_by("reference__key") if a.reference.key not in cited]
