"""Import preview and apply: matching, keys, all-or-nothing, history."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from references.importers import ImportFileError, decode_file, parse_text
from references.models import Reference, ReferenceImport
from references.services import ImportRefusedError, references_import, references_import_preview
from tests.factories import ReferenceFactory, make_user

SAMPLES = Path(__file__).parent / "samples"


def records(name: str):
    fmt, text = decode_file((SAMPLES / name).read_bytes(), name)
    return parse_text(text, fmt)


def run_import(actor, name: str, **options):
    return references_import(actor=actor, records=records(name), filename=name, fmt="x", **options)


def test_preview_writes_nothing_and_says_what_will_happen(staff):
    ReferenceFactory(key="nejm", title="Calciphylaxis", year=2018, doi="10.1056/nejmra1505292")
    summary = references_import_preview(records=records("zotero.ris"))
    actions = {row.source: (row.action, row.reason) for row in summary.rows}
    assert actions["record 1"][0] == "create"
    assert actions["record 2"][0] == "create"
    assert actions["record 3"] == (
        "invalid",
        "journal or publisher: A research reference needs its journal or publisher; "
        "year: A research reference needs its year",
    )
    assert summary.counts == {"create": 3, "merge": 0, "skip": 0, "invalid": 1}
    assert Reference.objects.count() == 1


def test_doi_match_is_case_insensitive_and_reported(staff):
    ReferenceFactory(key="nejm", title="Another title", year=2018, doi="10.1056/nejmra1505292")
    summary = references_import_preview(records=records("pubmed.nbib"))
    assert (summary.rows[0].action, summary.rows[0].reason) == ("skip", "same DOI as [@nejm]")


def test_pmid_and_title_year_matches(staff):
    ReferenceFactory(key="bypmid", title="Unrelated", year=2001, pmid="12345678")
    ReferenceFactory(key="bytitle", title="CALCIPHYLAXIS!", year=2018)
    rows = references_import_preview(records=records("pubmed.xml")).rows
    assert [(row.action, row.reason) for row in rows] == [
        ("skip", "same title and year as [@bytitle]"),
        ("skip", "same PMID as [@bypmid]"),
    ]


def test_duplicates_across_formats_are_skipped_on_the_second_import(staff):
    first = run_import(staff.author, "pubmed.nbib")
    assert first.counts["create"] == 2
    second = run_import(staff.author, "zotero.json", skip_invalid=True)
    third = run_import(staff.author, "mendeley.bib", skip_invalid=True)
    assert second.counts == {"create": 1, "merge": 0, "skip": 1, "invalid": 1}  # the ftp:// URL is invalid
    assert third.counts == {"create": 2, "merge": 0, "skip": 1, "invalid": 1}  # the bad DOI is invalid
    assert Reference.objects.filter(doi__iexact="10.1053/j.ajkd.2015.01.034").count() == 1


def test_duplicates_inside_one_file_are_skipped(staff):
    text = (SAMPLES / "zotero.ris").read_text() + "\n" + (SAMPLES / "zotero.ris").read_text()
    summary = references_import_preview(records=parse_text(text, "ris"))
    assert summary.counts["skip"] == 3
    assert "duplicate of record 1 in this file" in [row.reason for row in summary.rows]


def test_merge_fills_blank_fields_of_the_existing_reference(staff):
    existing = ReferenceFactory(key="nejm", title="Calciphylaxis", year=2018, container="NEJM", volume="")
    summary = run_import(staff.author, "pubmed.xml", merge=True)
    existing.refresh_from_db()
    assert summary.counts["merge"] == 1
    assert (existing.volume, existing.pmid, existing.doi) == ("378", "29719190", "10.1056/NEJMra1505292")
    assert existing.container == "NEJM"  # filled only where blank
    assert existing.history.first().history_user == staff.author


def test_keys_are_kept_when_free_and_generated_otherwise(staff):
    ReferenceFactory(key="nigwekar2018", title="Taken", year=2018)
    run_import(staff.author, "zotero.ris", skip_invalid=True)
    run_import(staff.author, "zotero.json", skip_invalid=True)
    keys = set(Reference.objects.values_list("key", flat=True))
    assert {"nigwekar2015", "rodriguezpena2019", "calciphylaxis2023", "muller2021", "nigwekar2018a"} <= keys


def test_generated_keys_take_the_next_letter(staff):
    ReferenceFactory(key="smith2020", title="One")
    text = "".join(f"TY  - JOUR\nAU  - Smith, J\nTI  - Paper {n}\nJO  - J\nPY  - 2020\nER  - \n\n" for n in range(3))
    summary = references_import(actor=staff.author, records=parse_text(text, "ris"), filename="s", fmt="ris")
    assert summary.counts["create"] == 3
    keys = set(Reference.objects.values_list("key", flat=True))
    assert keys == {"smith2020", "smith2020a", "smith2020b", "smith2020c"}


def test_import_is_recorded_in_history_with_the_importing_user(staff):
    run_import(staff.author, "pubmed.nbib")
    for reference in Reference.objects.all():
        record = reference.history.get()
        assert record.history_user == staff.author and record.history_change_reason == "Imported from pubmed.nbib"
    log = ReferenceImport.objects.get()
    assert (log.uploaded_by, log.status, log.created) == (staff.author, "applied", 2)


def test_an_invalid_entry_aborts_the_whole_import(staff):
    with pytest.raises(ImportRefusedError, match="invalid entries, so nothing was imported.*First problem: record 3"):
        run_import(staff.author, "zotero.ris")
    assert Reference.objects.count() == 0 and ReferenceImport.objects.count() == 0


def test_a_file_error_midway_rolls_back_what_earlier_batches_wrote(staff):
    good = (SAMPLES / "pubmed.xml").read_text().replace("</PubmedArticleSet>", "<PubmedArticle><Broken>")
    with pytest.raises(ImportFileError, match="malformed"):
        references_import(
            actor=staff.author, records=parse_text(good, "pubmed_xml"), filename="x.xml", fmt="x", batch_size=1
        )
    assert Reference.objects.count() == 0


def test_only_editors_may_import(staff):
    with pytest.raises(PermissionDenied):
        run_import(staff.reviewer, "pubmed.nbib")
    outsider = make_user("outsider")
    with pytest.raises(PermissionDenied):
        run_import(outsider, "pubmed.nbib")
    assert Reference.objects.count() == 0


def test_an_applied_import_cannot_be_applied_twice(staff):
    log = ReferenceImport.objects.create(filename="a.nbib", format="medline", data="", uploaded_by=staff.author)
    run_import(staff.author, "pubmed.nbib", log=log)
    with pytest.raises(ImportRefusedError, match="already applied"):
        run_import(staff.author, "pubmed.nbib", log=log)
