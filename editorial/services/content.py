"""Writing content: articles, draft revisions, their sections and their bibliography."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max

from articles.models import Article
from core.history import delete_with_history, save_with_history
from core.texts import REVISION_TEXT_FIELDS, SECTION_TEXT_FIELDS
from editorial import permissions
from editorial.errors import OPEN_REVISION_EXISTS_MESSAGE, OpenRevisionExistsError, state_phrase
from editorial.models import AttachedReference, Revision, Section
from editorial.rules import OPEN_STATES
from editorial.services.common import lock_revision, record, refuse_stale
from editorial.services.desk import carry_open_threads
from references.models import Reference

# What an editor may change on a draft's own row (its sections go through ``sections=``).
EDITABLE_FIELDS = (*REVISION_TEXT_FIELDS, "change_note", "literature_checked_through", "safety_category")


def _write_sections(*, actor, revision: Revision, sections: Sequence[dict], reason: str) -> None:
    """Make the revision's sections match ``sections`` (dicts of SECTION_TEXT_FIELDS and optional id)."""
    existing = {section.pk: section for section in revision.sections.all()}
    kept: set[int] = set()
    for position, data in enumerate(sections, start=1):
        section = existing.get(data.get("id")) or Section(revision=revision)
        changed = section.pk is None or section.position != position
        section.position = position
        for field in SECTION_TEXT_FIELDS:
            value = data.get(field, "")
            changed |= getattr(section, field) != value
            setattr(section, field, value)
        section.full_clean()
        if changed:
            save_with_history(section, actor=actor, reason=reason)
        kept.add(section.pk)
    for pk, section in existing.items():
        if pk not in kept:
            delete_with_history(section, actor=actor, reason=reason)


def article_create(
    *, actor, slug: str, title: str, summary: str, change_note: str = "", sections: Sequence[dict] = (), **fields
) -> Revision:
    """Create an article and its first draft revision."""
    permissions.check(actor, "write")
    with transaction.atomic():
        article = Article(slug=slug)
        article.full_clean()
        save_with_history(article, actor=actor, reason="Article created")
        revision = Revision(
            article=article,
            number=1,
            title=title,
            summary=summary,
            change_note=change_note or "First draft.",
            author=actor,
            **fields,
        )
        revision.full_clean(exclude=["state"])
        save_with_history(revision, actor=actor, reason="Revision 1 created")
        _write_sections(actor=actor, revision=revision, sections=sections, reason="Revision 1 created")
        record(revision=revision, action="create", from_state="", actor=actor, comment=revision.change_note)
    return revision


def revision_check_fresh(*, revision_pk: int, expected_version: int) -> Revision:
    """Lock the revision and refuse if someone saved it since ``expected_version`` was read."""
    locked = lock_revision(revision_pk)
    refuse_stale(locked, expected_version)
    return locked


def revision_edit(
    *, actor, revision: Revision, expected_version: int, sections: Sequence[dict] | None = None, **changes
) -> Revision:
    """Change a draft's fields (and optionally its sections), refusing stale or frozen revisions."""
    permissions.check(actor, "write")
    with transaction.atomic():
        locked = revision_check_fresh(revision_pk=revision.pk, expected_version=expected_version)
        permissions.check(actor, "edit", locked)
        for field, value in changes.items():
            if field not in EDITABLE_FIELDS:
                raise ValueError(f"{field} is not an editable revision field.")
            setattr(locked, field, value)
        if not locked.safety_category:
            locked.safety_due_at = None  # no longer a safety update: no deadline (marking it again sets a new one)
        locked.full_clean(exclude=["state"])
        locked.version += 1
        reason = f"Edited: {locked.change_note}" if locked.change_note else "Edited"
        save_with_history(locked, actor=actor, reason=reason)
        if sections is not None:
            _write_sections(actor=actor, revision=locked, sections=sections, reason=reason)
    return locked


def revision_start_new(*, actor, article: Article, change_note: str = "") -> Revision:
    """Start a new draft as a copy of the article's approved (or latest) revision."""
    permissions.check(actor, "write")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        revisions = Revision.objects.filter(article=article)
        open_revision = revisions.filter(state__in=OPEN_STATES).first()
        if open_revision is not None:
            raise OpenRevisionExistsError(
                OPEN_REVISION_EXISTS_MESSAGE.format(
                    number=open_revision.number, state=state_phrase(open_revision.state)
                )
            )
        base = article.published_revision or revisions.order_by("-number").first()
        number = (revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        copied = {field: getattr(base, field) if base else "" for field in REVISION_TEXT_FIELDS}
        revision = Revision(
            article=article, number=number, author=actor, based_on=base, change_note=change_note, **copied
        )
        revision.full_clean(exclude=["state"])
        reason = f"Revision {number} started" + (f" from revision {base.number}" if base else "")
        save_with_history(revision, actor=actor, reason=reason)
        if base is not None:
            copies = [{field: getattr(s, field) for field in SECTION_TEXT_FIELDS} for s in base.sections.all()]
            _write_sections(actor=actor, revision=revision, sections=copies, reason=reason)
            for attachment in base.attached_references.all():  # the bibliography travels with the text
                copy = AttachedReference(revision=revision, reference_id=attachment.reference_id, added_by=actor)
                copy.full_clean()
                save_with_history(copy, actor=actor, reason=reason)
            carry_open_threads(actor=actor, source=base, target=revision)
        record(revision=revision, action="create", from_state="", actor=actor, comment=change_note or reason)
    return revision


def revision_attach_references(
    *, actor, revision: Revision, references: Iterable[Reference]
) -> list[AttachedReference]:
    """Attach sources to a draft's bibliography (those already attached are left as they are)."""
    permissions.check(actor, "write")
    with transaction.atomic():
        locked = lock_revision(revision.pk)
        permissions.check(actor, "edit", locked)
        attached = set(locked.attached_references.values_list("reference_id", flat=True))
        created = []
        for reference in references:
            if reference.pk in attached:
                continue
            attachment = AttachedReference(revision=locked, reference=reference, added_by=actor)
            attachment.full_clean()
            save_with_history(attachment, actor=actor, reason="Attached to the bibliography")
            attached.add(reference.pk)
            created.append(attachment)
    return created
