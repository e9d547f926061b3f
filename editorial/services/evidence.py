"""Evidence writes: a board member's word on a source's study design, retractions coming in, and the
retraction notice readers see until the article's next approval (docs/evidence.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from articles.invalidation import retire_article_on_commit
from core.history import save_with_history
from core.texts import revision_texts
from editorial import notifications, permissions
from editorial.errors import NOTICE_STATE_MESSAGE, EvidenceError
from editorial.models import CitedReference, RetractionFlag
from editorial.quality import sentences_citing
from editorial.rules import State
from references.models import Reference, RetractionStatus, StudyDesign
from references.retractions import Retraction


def reference_confirm_design(*, actor, reference: Reference, design: str) -> Reference:
    """A board member confirms the source's study design, or corrects it; the history says which."""
    permissions.check(actor, "confirm_design", reference)
    design = StudyDesign(design)  # an unknown design is a ValueError before anything is written
    with transaction.atomic():
        locked = Reference.objects.select_for_update().get(pk=reference.pk)
        before = locked.get_study_design_display() or "none"
        locked.study_design = design
        locked.design_confirmed_by = actor
        locked.design_confirmed_at = timezone.now()
        changed = before != design.label
        reason = (
            f"Study design corrected: {before} -> {design.label}" if changed else f"Study design confirmed: {before}"
        )
        save_with_history(locked, actor=actor, reason=reason)
    return locked


@dataclass
class RetractionsSummary:
    rows: int = 0
    matched: int = 0  # rows naming a reference in the library
    changed: int = 0  # references whose status or date changed
    flags: list[RetractionFlag] = field(default_factory=list)


def _matching(retraction: Retraction) -> list[Reference]:
    query = Q(pk__in=[])
    if retraction.doi:
        query |= Q(doi_lower=retraction.doi.lower())
    if retraction.pmid:
        query |= Q(pmid=retraction.pmid)
    return list(Reference.objects.annotate(doi_lower=Lower("doi")).filter(query).select_for_update())


def retractions_import(*, actor, retractions: Iterable[Retraction], filename: str) -> RetractionsSummary:
    """Mark the library's references as the file says, in one transaction, and flag every approved
    article that cites a newly retracted one (queue, editors emailed). Rows naming no reference are
    counted and skipped: the export covers all of science, the library a few hundred papers."""
    permissions.check(actor, "write")
    summary = RetractionsSummary()
    with transaction.atomic():
        for retraction in retractions:
            summary.rows += 1
            for reference in _matching(retraction):
                summary.matched += 1
                if (reference.retraction_status, reference.retracted_on) == (retraction.status, retraction.date):
                    continue
                reference.retraction_status, reference.retracted_on = retraction.status, retraction.date
                reason = f"{retraction.nature} {retraction.date:%Y-%m-%d} (from {filename})"
                save_with_history(reference, actor=actor, reason=reason)
                summary.changed += 1
                if retraction.status == RetractionStatus.RETRACTED:
                    summary.flags += flag_citing_articles(actor=actor, reference=reference)
    return summary


def flag_citing_articles(*, actor, reference: Reference) -> list[RetractionFlag]:
    """A flag for each approved revision citing ``reference`` (one per revision and source)."""
    flags = []
    pins = CitedReference.objects.filter(reference=reference, revision__state=State.APPROVED)
    for pin in pins.select_related("revision__article", "revision__author"):
        revision = pin.revision
        if RetractionFlag.objects.filter(revision=revision, reference=reference).exists():
            continue
        flag = RetractionFlag(
            article=revision.article,
            revision=revision,
            reference=reference,
            sentences="\n".join(sentences_citing(revision_texts(revision), reference.key)),
        )
        save_with_history(flag, actor=actor, reason=f"[@{reference.key}] retracted")
        notifications.notify_retraction(flag=flag, actor=actor)
        flags.append(flag)
    return flags


def retraction_notice_approve(*, actor, flag: RetractionFlag) -> RetractionFlag:
    """A board member approves the notice readers see on the source until the next approval."""
    permissions.check(actor, "approve_notice", flag)
    with transaction.atomic():
        locked = RetractionFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.status != RetractionFlag.Status.OPEN:
            raise EvidenceError(NOTICE_STATE_MESSAGE.format(state=locked.get_status_display().lower()))
        locked.status = RetractionFlag.Status.NOTICE_SHOWN
        locked.notice_approved_by, locked.notice_approved_at = actor, timezone.now()
        save_with_history(locked, actor=actor, reason="Retraction notice approved for readers")
        retire_article_on_commit(locked.article_id)  # the cached pages (and the proxy's) lack the notice
    return locked


def resolve_retraction_flags(*, actor, article_id: int, by) -> int:
    """The article's new approved revision ``by`` answers its flags (called inside ``revision_approve``,
    which retires the cached page once committed)."""
    flags = (
        RetractionFlag.objects.select_for_update()
        .filter(article_id=article_id)
        .exclude(status=RetractionFlag.Status.RESOLVED)
    )
    resolved = 0
    for flag in flags:
        flag.status, flag.resolved_at = RetractionFlag.Status.RESOLVED, timezone.now()
        save_with_history(flag, actor=actor, reason=f"Resolved by revision {by.number}")
        resolved += 1
    return resolved
