import json

import pytest
from django.core.management import CommandError, call_command

from editorial import services
from editorial.models import Revision, Section, TransitionRecord
from tests.factories import ReferenceFactory, make_article, publish
from tests.security.conftest import fast_password_hashing  # noqa: F401 - autouse: the staff fixture hashes seven passwords


@pytest.fixture
def article(staff):
    ReferenceFactory(key="nigwekar2015")
    ReferenceFactory(key="unrelated")
    first = publish(
        make_article(actor=staff.author, summary="Rare [@nigwekar2015]."), editor=staff.author, reviewer=staff.reviewer
    )
    second = services.revision_start_new(actor=staff.second_editor, article=first.article, change_note="Update")
    services.revision_edit(actor=staff.second_editor, revision=second, expected_version=1, title="What is it now?")
    make_article(actor=staff.author, slug="other")
    return first.article


def test_export_holds_every_revision_section_record_reference_and_history_row(article, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_article", article.slug, output=str(path))
    data = json.loads(path.read_text())
    assert data["format"] == "vetted-article-export/1"
    assert data["article"]["slug"] == article.slug
    assert [r["number"] for r in data["revisions"]] == [1, 2]
    assert [r["state"] for r in data["revisions"]] == ["approved", "draft"]
    assert data["revisions"][1]["title"] == "What is it now?"
    assert (
        sum(len(r["sections"]) for r in data["revisions"]) == Section.objects.filter(revision__article=article).count()
    )
    assert (
        sum(len(r["transitions"]) for r in data["revisions"])
        == TransitionRecord.objects.filter(article=article).count()
    )
    assert [c["key"] for c in data["revisions"][0]["cited_references"]] == ["nigwekar2015"]
    assert [r["key"] for r in data["references"]] == ["nigwekar2015"]
    assert len(data["history"]["revisions"]) == Revision.history.filter(article_id=article.pk).count()
    assert len(data["history"]["sections"]) == Section.history.filter(revision__article_id=article.pk).count()
    assert len(data["history"]["article"]) == article.history.count() > 0
    assert data["history"]["references"]


def test_export_to_standard_output_is_json(article, capsys):
    call_command("export_article", article.slug)
    assert json.loads(capsys.readouterr().out)["article"]["slug"] == article.slug


def test_unknown_slug_is_an_error(db):
    with pytest.raises(CommandError, match="No article"):
        call_command("export_article", "nope")
