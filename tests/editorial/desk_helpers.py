"""Shared set-up for the review-desk tests: a published article and a new revision in review."""

from editorial import services
from tests.factories import ReferenceFactory, make_article, publish


def sections_of(revision) -> list[dict]:
    return [
        {
            "id": s.pk,
            "heading": s.heading,
            "body": s.body,
            "plain_heading": s.plain_heading,
            "plain_body": s.plain_body,
        }
        for s in revision.sections.all()
    ]


def published_article(staff, *, slug="calciphylaxis"):
    """Revision 1 approved, with four sections citing [@a] and [@c]."""
    for key in ("a", "b", "c"):
        ReferenceFactory(key=key, title=f"Reference {key.upper()}")
    draft = make_article(
        actor=staff.author,
        slug=slug,
        sections=[
            {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
            {"heading": "Treatment", "body": "Sodium thiosulfate is used [@a].", "plain_body": "A medicine helps."},
            {"heading": "Outlook", "body": "The outlook is poor.", "plain_body": "It is serious."},
            {"heading": "Diagnosis", "body": "A skin biopsy confirms it [@c].", "plain_body": "A small test."},
        ],
    )
    return publish(draft, editor=staff.author, reviewer=staff.reviewer)


def submitted_revision(staff, approved, *, start_review=True):
    """Revision 2 from ``approved``: edited, reordered, one section added, one removed; in review."""
    draft = services.revision_start_new(actor=staff.second_editor, article=approved.article, change_note="Update")
    causes, treatment, outlook, _diagnosis = sections_of(draft)
    treatment["body"] = "Sodium thiosulfate is often used [@b]."
    prevention = {"heading": "Prevention", "body": "Control phosphate [@a].", "plain_body": "Eat less phosphate."}
    draft = services.revision_edit(
        actor=staff.second_editor,
        revision=draft,
        expected_version=draft.version,
        sections=[outlook, causes, treatment, prevention],
    )
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    if start_review:
        draft = services.revision_start_review(actor=staff.reviewer, revision=draft)
    return draft
