"""An uncited reference attached to a revision is flagged to the editor; readers see only cited ones."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial import selectors, services
from editorial.errors import ImmutableRevisionError, WorkflowError, WrongStateError
from references.models import Reference, ReferenceImport
from tests.factories import ReferenceFactory, make_article, publish


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_attached_but_uncited_references_are_flagged(staff):
    cited, spare = ReferenceFactory(key="cited"), ReferenceFactory(key="spare")
    revision = make_article(actor=staff.author, sections=[{"heading": "H", "body": "Text [@cited]."}])
    services.revision_attach_references(actor=staff.author, revision=revision, references=[cited, spare, spare])
    assert revision.attached_references.count() == 2
    assert selectors.uncited_attached_references(revision) == [spare]
    attachment = revision.attached_references.get(reference=spare)
    assert attachment.added_by == staff.author and attachment.history.get().history_user == staff.author
    assert [entry["key"] for entry in selectors.revision_bibliography(revision)] == ["cited"]


def test_revision_page_shows_the_flag(client, staff):
    spare = ReferenceFactory(key="spare")
    revision = make_article(actor=staff.author)
    services.revision_attach_references(actor=staff.author, revision=revision, references=[spare])
    client.force_login(staff.author)
    html = client.get(reverse("admin:editorial_revision_change", args=[revision.pk])).content.decode()
    assert 'id="uncited-attached"' in html and "[@spare]</a>" in html


def test_only_editors_attach_and_only_to_drafts(staff):
    ref = ReferenceFactory(key="r")
    revision = make_article(actor=staff.author)
    with pytest.raises(WorkflowError):
        services.revision_attach_references(actor=staff.reviewer, revision=revision, references=[ref])
    approved = publish(revision, editor=staff.author, reviewer=staff.reviewer)
    with pytest.raises((ImmutableRevisionError, WrongStateError)):
        services.revision_attach_references(actor=staff.author, revision=approved, references=[ref])
    assert approved.attached_references.count() == 0


SAMPLES = Path(__file__).parent.parent / "references" / "samples"


def import_into(client, revision, name: str, **confirm):
    url = reverse("admin:references_reference_import") + f"?target=revision:{revision.pk}"
    page = client.get(url).content.decode()
    data = {"file": SimpleUploadedFile(name, (SAMPLES / name).read_bytes()), "target": f"revision:{revision.pk}"}
    client.post(url, data)
    log = ReferenceImport.objects.latest("pk")
    preview = client.get(reverse("admin:references_reference_import_preview", args=[log.pk])).content.decode()
    response = client.post(reverse("admin:references_reference_import_confirm", args=[log.pk]), confirm)
    return page, preview, response


def test_a_bibliography_file_imported_from_a_draft_is_attached_to_it(client, staff):
    ReferenceFactory(key="nejm", title="Calciphylaxis", year=2018, doi="10.1056/NEJMra1505292")
    revision = make_article(actor=staff.author, sections=[{"heading": "H", "body": "See [@nejm]."}])
    client.force_login(staff.author)
    revision_page = client.get(reverse("admin:editorial_revision_change", args=[revision.pk])).content.decode()
    assert 'id="import-bibliography"' in revision_page
    page, preview, response = import_into(client, revision, "pubmed.nbib")
    assert "will be attached to the bibliography of calciphylaxis, revision 1" in page
    assert "will be attached to the bibliography of calciphylaxis, revision 1" in preview
    assert response["Location"] == reverse("admin:editorial_revision_change", args=[revision.pk])
    attached = set(revision.attached_references.values_list("reference__key", flat=True))
    assert attached == {"nejm", "nigwekar2015"}  # the one already present and the new one
    assert [ref.key for ref in selectors.uncited_attached_references(revision)] == ["nigwekar2015"]


def test_a_frozen_revision_cannot_receive_an_import(client, staff):
    revision = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client.force_login(staff.author)
    url = reverse("admin:references_reference_import") + f"?target=revision:{revision.pk}"
    assert client.get(url).status_code == 404
    revision_page = client.get(reverse("admin:editorial_revision_change", args=[revision.pk])).content.decode()
    assert 'id="import-bibliography"' not in revision_page


def test_if_the_revision_froze_meanwhile_nothing_is_imported(client, staff):
    revision = make_article(actor=staff.author)
    client.force_login(staff.author)
    url = reverse("admin:references_reference_import") + f"?target=revision:{revision.pk}"
    client.post(
        url,
        {
            "file": SimpleUploadedFile("p.nbib", (SAMPLES / "pubmed.nbib").read_bytes()),
            "target": f"revision:{revision.pk}",
        },
    )
    log = ReferenceImport.objects.get()
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    response = client.post(reverse("admin:references_reference_import_confirm", args=[log.pk]))
    assert response.status_code == 404
    assert not Reference.objects.exists()


def test_a_new_revision_keeps_the_attached_bibliography(staff):
    spare = ReferenceFactory(key="spare")
    revision = make_article(actor=staff.author)
    services.revision_attach_references(actor=staff.author, revision=revision, references=[spare])
    approved = publish(revision, editor=staff.author, reviewer=staff.reviewer)
    second = services.revision_start_new(actor=staff.second_editor, article=approved.article)
    assert list(second.attached_references.values_list("reference__key", flat=True)) == ["spare"]
    assert approved.attached_references.count() == 1
