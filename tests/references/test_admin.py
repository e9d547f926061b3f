"""The reference admin: import upload -> preview -> confirm, hostile uploads, cited-by, deletion, exports."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references.models import Reference, ReferenceImport
from tests.factories import ReferenceFactory, make_article, publish

SAMPLES = Path(__file__).parent / "samples"
IMPORT_URL = reverse("admin:references_reference_import")


@pytest.fixture
def editor_client(client, staff):
    client.force_login(staff.author)
    return client


def upload(client, name: str, data: bytes | None = None, **fields):
    data = (SAMPLES / name).read_bytes() if data is None else data
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields})


def test_upload_shows_a_preview_and_writes_nothing(editor_client, staff):
    ReferenceFactory(key="nejm", title="Calciphylaxis", year=2018, doi="10.1056/NEJMra1505292")
    response = upload(editor_client, "pubmed.nbib")
    log = ReferenceImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{log.pk}/")
    preview = editor_client.get(response["Location"])
    html = preview.content.decode()
    assert "1</strong> new, 0 to merge,\n  1 already present" in html
    assert "same DOI as [@nejm]" in html and "nigwekar2015" in html
    assert Reference.objects.count() == 1


def test_confirm_imports_in_one_go_recording_the_user(editor_client, staff):
    upload(editor_client, "pubmed.xml")
    log = ReferenceImport.objects.get()
    response = editor_client.post(reverse("admin:references_reference_import_confirm", args=[log.pk]))
    assert response.status_code == 302
    assert Reference.objects.count() == 2
    assert {ref.history.get().history_user for ref in Reference.objects.all()} == {staff.author}
    log.refresh_from_db()
    assert (log.status, log.created) == ("applied", 2)
    again = editor_client.post(reverse("admin:references_reference_import_confirm", args=[log.pk]))
    assert again.status_code == 404 and Reference.objects.count() == 2


def test_invalid_entries_block_the_import_until_the_editor_agrees_to_leave_them_out(editor_client):
    upload(editor_client, "zotero.ris")
    log = ReferenceImport.objects.get()
    preview = editor_client.get(reverse("admin:references_reference_import_preview", args=[log.pk])).content.decode()
    assert "A research reference needs its journal or publisher;" in preview and 'name="skip_invalid"' in preview
    confirm = reverse("admin:references_reference_import_confirm", args=[log.pk])
    refused = editor_client.post(confirm, follow=True)
    assert "nothing was imported" in refused.content.decode() and Reference.objects.count() == 0
    editor_client.post(confirm, {"skip_invalid": "1"})
    assert Reference.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bomb.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "declares entities"),
        ("win.ris", "TY  - JOUR\nAU  - Müller, J\nER  - \n".encode("cp1252"), "not valid UTF-8"),
        ("junk.bib", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "not a text file"),
    ],
)
def test_hostile_upload_imports_nothing_and_names_the_problem(editor_client, name, data, words):
    response = upload(editor_client, name, data)
    assert response.status_code == 200 and words in response.content.decode()
    assert ReferenceImport.objects.count() == 0 and Reference.objects.count() == 0


def test_oversized_upload_is_refused_while_it_is_read(editor_client, settings):
    settings.VETTED_IMPORT_MAX_BYTES = 64 * 1024
    response = upload(editor_client, "big.ris", b"TY  - JOUR\n" + b"TI  - x\n" * 50_000)
    assert response.status_code == 200
    assert "The file is more than" in response.content.decode()  # stopped while reading, not after
    assert "the limit is 65536 bytes" in response.content.decode()
    assert ReferenceImport.objects.count() == 0


def test_board_members_cannot_import(client, staff):
    client.force_login(staff.reviewer)
    assert upload(client, "pubmed.nbib").status_code == 403
    assert ReferenceImport.objects.count() == 0


def test_another_users_preview_is_not_reachable(editor_client, staff, client):
    upload(editor_client, "pubmed.nbib")
    log = ReferenceImport.objects.get()
    client.force_login(staff.second_editor)
    assert client.get(reverse("admin:references_reference_import_preview", args=[log.pk])).status_code == 404


def test_changelist_search_and_filters(editor_client):
    ReferenceFactory(key="nigwekar2015", doi="10.1053/j.ajkd.2015.01.034", pmid="25960299", year=2015)
    ReferenceFactory(key="other", authors="Smith J", year=2001)
    url = reverse("admin:references_reference_changelist")
    for query in ("nigwekar2015", "25960299", "10.1053/j.ajkd"):
        assert "nigwekar2015" in editor_client.get(url, {"q": query}).content.decode()
    assert "nigwekar2015" not in editor_client.get(url, {"q": "Smith"}).content.decode()
    assert "nigwekar2015" not in editor_client.get(url, {"year": "2001"}).content.decode()
    assert "Import from a file" in editor_client.get(url).content.decode()


def test_change_page_lists_where_the_reference_is_cited(editor_client, staff):
    ref = ReferenceFactory(key="kdigo2017")
    sections = [{"heading": "Causes", "body": "See [@kdigo2017]."}]
    approved = publish(
        make_article(actor=staff.author, sections=sections), editor=staff.author, reviewer=staff.reviewer
    )
    make_article(actor=staff.author, slug="other", sections=sections)
    html = editor_client.get(reverse("admin:references_reference_change", args=[ref.pk])).content.decode()
    assert "calciphylaxis, revision 1 (approved version pinned)" in html
    assert "other, revision 1 (draft)" in html
    assert reverse("admin:editorial_revision_change", args=[approved.pk]) in html
    ref.title = "Corrected"
    ref.save()
    html = editor_client.get(reverse("admin:references_reference_change", args=[ref.pk])).content.decode()
    assert "calciphylaxis, revision 1 (shows an earlier version)" in html


def test_deleting_a_cited_reference_is_refused_with_a_message(editor_client, staff):
    ref = ReferenceFactory(key="kdigo2017")
    sections = [{"heading": "Causes", "body": "See [@kdigo2017]."}]
    publish(make_article(actor=staff.author, sections=sections), editor=staff.author, reviewer=staff.reviewer)
    response = editor_client.post(
        reverse("admin:references_reference_delete", args=[ref.pk]), {"post": "yes"}, follow=True
    )
    assert "[@kdigo2017] cannot be deleted" in response.content.decode()
    assert Reference.objects.filter(pk=ref.pk).exists()


def test_uncited_reference_can_be_deleted_and_history_keeps_who(editor_client, staff):
    ref = ReferenceFactory(key="spare")
    editor_client.post(reverse("admin:references_reference_delete", args=[ref.pk]), {"post": "yes"})
    assert not Reference.objects.filter(pk=ref.pk).exists()
    assert Reference.history.filter(key="spare", history_type="-").get().history_user == staff.author


def test_adding_without_a_key_generates_one(editor_client):
    data = {"key": "", "type": "research", "title": "A study", "authors": "Müller J", "container": "J", "year": 2020}
    data.update({"volume": "", "issue": "", "pages": "", "doi": "", "pmid": "", "url": ""})
    response = editor_client.post(reverse("admin:references_reference_add"), data)
    assert response.status_code == 302
    assert Reference.objects.get().key == "muller2020"


def test_bibliography_exports_as_ris_and_bibtex(editor_client, staff):
    ReferenceFactory(key="kdigo2017", title="KDIGO guideline", doi="10.1016/j.kisu.2017.04.001")
    sections = [{"heading": "Causes", "body": "See [@kdigo2017]."}]
    revision = make_article(actor=staff.author, sections=sections)
    ris = editor_client.get(reverse("admin:editorial_revision_bibliography", args=[revision.pk, "ris"]))
    assert ris["Content-Disposition"] == 'attachment; filename="calciphylaxis-revision-1.ris"'
    assert "ID  - kdigo2017" in ris.content.decode() and "DO  - 10.1016/j.kisu.2017.04.001" in ris.content.decode()
    bib = editor_client.get(reverse("admin:articles_article_bibliography", args=[revision.article.pk, "bib"]))
    assert "@article{kdigo2017," in bib.content.decode()
    missing = editor_client.get(reverse("admin:editorial_revision_bibliography", args=[revision.pk, "exe"]))
    assert missing.status_code == 404


def test_revision_page_warns_about_a_newer_version_of_a_cited_reference(editor_client, staff):
    ref = ReferenceFactory(key="kdigo2017", title="Old title")
    sections = [{"heading": "Causes", "body": "See [@kdigo2017]."}]
    revision = publish(
        make_article(actor=staff.author, sections=sections), editor=staff.author, reviewer=staff.reviewer
    )
    url = reverse("admin:editorial_revision_change", args=[revision.pk])
    assert 'id="outdated-citations"' not in editor_client.get(url).content.decode()
    ref.title = "New title"
    ref.save()
    html = editor_client.get(url).content.decode()
    assert 'id="outdated-citations"' in html and "[@kdigo2017]</a> changed: title" in html


def test_import_log_is_visible_read_only(editor_client, staff, client):
    upload(editor_client, "pubmed.nbib")
    log = ReferenceImport.objects.get()
    listing = editor_client.get(reverse("admin:references_referenceimport_changelist")).content.decode()
    assert "pubmed.nbib" in listing
    page = editor_client.get(reverse("admin:references_referenceimport_change", args=[log.pk]))
    assert page.status_code == 200 and 'name="filename"' not in page.content.decode()
    client.force_login(staff.reviewer)
    assert client.get(reverse("admin:references_referenceimport_changelist")).status_code == 200
