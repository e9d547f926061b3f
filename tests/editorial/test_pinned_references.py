"""What the board approved stays what the public sees, until a new revision is approved."""

import pytest

from editorial import selectors, services
from references.formatting import format_ama
from references.models import Reference, ReferenceInUseError
from references.services import reference_delete, reference_save
from tests.factories import ReferenceFactory, make_article, publish

SECTIONS = [
    {
        "heading": "Causes",
        "body": "Calcium builds up [@nigwekar2015; @kdigo2017].",
        "plain_body": "Calcium [@plainonly].",
    },
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def references(db):
    return {
        key: ReferenceFactory(key=key, title=f"Title of {key}", doi=f"10.1000/{key}")
        for key in ("nigwekar2015", "kdigo2017", "plainonly", "unused")
    }


def approved_revision(staff):
    revision = make_article(actor=staff.author, sections=SECTIONS, summary="Lead [@kdigo2017].")
    return publish(revision, editor=staff.author, reviewer=staff.reviewer)


def edit_reference(actor, key: str, **changes) -> Reference:
    reference = Reference.objects.get(key=key)
    for name, value in changes.items():
        setattr(reference, name, value)
    return reference_save(actor=actor, reference=reference, reason="Corrected")


def test_approved_bibliography_keeps_the_pinned_version_after_an_edit(staff, references):
    revision = approved_revision(staff)
    before = [format_ama(entry) for entry in selectors.revision_bibliography(revision)]
    edit_reference(staff.author, "kdigo2017", title="Corrected title", year=2018)
    after = [format_ama(entry) for entry in selectors.revision_bibliography(revision)]
    assert after == before
    assert [entry["key"] for entry in selectors.revision_bibliography(revision)] == [
        "kdigo2017",
        "nigwekar2015",
        "plainonly",
    ]


def test_staff_see_that_a_newer_version_of_a_cited_reference_exists(staff, references):
    revision = approved_revision(staff)
    assert selectors.outdated_citations(revision) == []
    edit_reference(staff.author, "kdigo2017", title="Corrected title")
    edit_reference(staff.author, "unused", title="Not cited, not reported")
    [outdated] = selectors.outdated_citations(revision)
    assert (outdated.key, outdated.changed_fields) == ("kdigo2017", ["title"])
    assert outdated.pinned["title"] == "Title of kdigo2017" and outdated.current["title"] == "Corrected title"


def test_the_correction_reaches_the_page_when_a_new_revision_is_approved(staff, references):
    first = approved_revision(staff)
    edit_reference(staff.author, "kdigo2017", title="Corrected title")
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    draft_entries = {entry["key"]: entry for entry in selectors.revision_bibliography(second)}
    assert draft_entries["kdigo2017"]["title"] == "Corrected title"  # drafts show the live library
    second = publish(second, editor=staff.second_editor, reviewer=staff.reviewer)
    entries = {entry["key"]: entry for entry in selectors.revision_bibliography(second)}
    assert entries["kdigo2017"]["title"] == "Corrected title"
    assert selectors.outdated_citations(second) == []
    first_entries = {entry["key"]: entry for entry in selectors.revision_bibliography(first)}
    assert first_entries["kdigo2017"]["title"] == "Title of kdigo2017"  # the superseded record is unchanged


def test_a_reference_cited_by_an_approved_revision_cannot_be_deleted(staff, references):
    approved_revision(staff)
    with pytest.raises(ReferenceInUseError, match=r"\[@kdigo2017\] cannot be deleted.*calciphylaxis revision 1"):
        reference_delete(actor=staff.author, reference=references["kdigo2017"])
    with pytest.raises(ReferenceInUseError):
        Reference.objects.filter(key__in=["unused", "kdigo2017"]).delete()
    with pytest.raises(ReferenceInUseError):
        references["plainonly"].delete()
    assert Reference.objects.filter(key__in=["kdigo2017", "unused", "plainonly"]).count() == 3
    reference_delete(actor=staff.author, reference=references["unused"])
    assert not Reference.objects.filter(key="unused").exists()


def test_open_revisions_citing_a_reference(staff, references):
    revision = make_article(actor=staff.author, sections=SECTIONS)
    assert selectors.open_revisions_citing(references["plainonly"]) == [revision]
    assert selectors.open_revisions_citing(references["unused"]) == []
