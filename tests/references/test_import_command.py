"""manage.py import_references: progress bar, rate, dry run, all-or-nothing, refusals."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from references.bench import synthetic_ris
from references.models import Reference, ReferenceImport

SAMPLES = Path(__file__).parent / "samples"


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_references", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_prints_progress_counts_and_rate(staff):
    out, err = run(str(SAMPLES / "pubmed.xml"), user="author")
    assert "2 were created, 0 merged, 0 skipped" in out
    assert "references/s" in out
    assert "Importing pubmed.xml: 100%" in err and "2/2" in err
    assert Reference.objects.count() == 2


def test_a_large_file_imports_in_batches_with_history(staff, tmp_path):
    path = tmp_path / "library.ris"
    path.write_text(synthetic_ris(1200))
    out, err = run(str(path), user="author", batch_size=250)
    assert "1200 were created" in out and "1200/1200" in err
    assert Reference.objects.count() == 1200
    assert Reference.history.filter(history_user=staff.author).count() == 1200
    assert Reference.objects.filter(key="author01990").exists()


def test_generated_keys_stay_unique_across_batches(staff, tmp_path):
    path = tmp_path / "smiths.ris"
    path.write_text(
        "".join(f"TY  - JOUR\nAU  - Smith, J\nTI  - Paper {n}\nJO  - J\nPY  - 2020\nER  - \n" for n in range(60))
    )
    run(str(path), user="author", batch_size=25)
    keys = list(Reference.objects.values_list("key", flat=True))
    assert len(set(keys)) == 60 and {"smith2020", "smith2020z", "smith2020aa", "smith2020bg"} <= set(keys)


def test_dry_run_writes_nothing(staff):
    out, _ = run(str(SAMPLES / "zotero.ris"), user="author", dry_run=True)
    assert "invalid  record 3: journal or publisher" in out
    assert "3 would be created" in out and Reference.objects.count() == 0


def test_invalid_entry_aborts_unless_skipped(staff):
    with pytest.raises(CommandError, match="Nothing was imported. The file has invalid entries"):
        run(str(SAMPLES / "zotero.ris"), user="author")
    assert Reference.objects.count() == 0
    out, _ = run(str(SAMPLES / "zotero.ris"), user="author", skip_invalid=True)
    assert "3 were created" in out and "1 invalid" in out


def test_a_50_megabyte_file_is_refused_before_it_is_read(staff, tmp_path):
    path = tmp_path / "huge.ris"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(CommandError, match="Nothing was imported. The file is 52428800 bytes; the limit is"):
        run(str(path), user="author")


def test_hostile_xml_imports_nothing(staff, tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><PubmedArticleSet>&a;</PubmedArticleSet>')
    with pytest.raises(CommandError, match="declares entities"):
        run(str(path), user="author")


def test_the_importing_user_must_exist_and_be_an_editor(staff):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(str(SAMPLES / "pubmed.xml"), user="nobody")
    with pytest.raises(CommandError, match="Only editors may import references"):
        run(str(SAMPLES / "pubmed.xml"), user="reviewer")


def test_stale_previews_are_purged_and_applied_imports_kept(staff):
    old = timezone.now() - timedelta(days=30)
    stale = ReferenceImport.objects.create(filename="a", format="ris", data="x", uploaded_by=staff.author)
    applied = ReferenceImport.objects.create(
        filename="b", format="ris", data="x", uploaded_by=staff.author, status="applied"
    )
    fresh = ReferenceImport.objects.create(filename="c", format="ris", data="x", uploaded_by=staff.author)
    for log in (stale, applied):
        ReferenceImport.objects.filter(pk=log.pk).update(uploaded_at=old)
    out = StringIO()
    call_command("purge_import_previews", stdout=out)
    assert "Deleted 1 import previews" in out.getvalue()
    assert set(ReferenceImport.objects.values_list("pk", flat=True)) == {applied.pk, fresh.pk}
