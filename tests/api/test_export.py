"""``manage.py export_jsonl``: every published article, one line each, equal to the detail endpoint's answer,
with a progress bar on stderr, in bounded memory (the same few queries per article, addresses read in chunks)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import export
from api.schemas import ArticleOut
from articles.models import Audience
from editorial import services
from tests.factories import make_article, publish


def run_export(tmp_path, *args) -> tuple[list[str], str]:
    out = tmp_path / "articles.jsonl"
    call_command("export_jsonl", "--output", str(out), *args)
    return out.read_text(encoding="utf-8").splitlines(), str(out)


@pytest.fixture
def library(cited, staff):
    """The cited article, two more published, one withdrawn and one only drafted."""
    for slug in ("anaemia-in-ckd", "hyperphosphataemia"):
        publish(
            make_article(actor=staff.author, slug=slug, title=f"What is {slug}?"),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    gone = publish(make_article(actor=staff.author, slug="withdrawn-one"), editor=staff.author, reviewer=staff.reviewer)
    services.revision_withdraw(actor=staff.chief, revision=gone, comment="x", reason_category="error")
    make_article(actor=staff.author, slug="draft-only", title="Never published?")
    return cited


def test_every_line_parses_as_the_schema_and_equals_the_endpoint(client, library, tmp_path, settings, capsys):
    settings.VETTED_SITE_URL = "http://testserver"  # the export's addresses start with the configured site
    lines, _ = run_export(tmp_path, "--all-audiences")
    audiences = list(Audience.objects.values_list("slug", flat=True))
    assert len(lines) == 3 * len(audiences)
    seen = set()
    for line in lines:
        item = ArticleOut.model_validate_json(line)  # the pydantic schema of the detail endpoint
        seen.add(item.slug)
        endpoint = client.get(f"/api/v1/articles/{item.slug}/", {"audience": item.audience.slug})
        assert json.loads(line) == json.loads(endpoint.content)
    assert seen == {"calciphylaxis", "anaemia-in-ckd", "hyperphosphataemia"}  # never the withdrawn or the draft
    assert "article" in capsys.readouterr().err  # the progress bar and the summary go to stderr


def test_one_audience_by_default_or_by_name_and_an_unknown_one_is_refused(library, tmp_path):
    default, _ = run_export(tmp_path)
    named, _ = run_export(tmp_path, "--audience", "patient-or-caregiver")
    assert len(default) == len(named) == 3
    assert {json.loads(line)["audience"]["slug"] for line in named} == {"patient-or-caregiver"}
    with pytest.raises(CommandError, match="No audience is called 'martians'"):
        run_export(tmp_path, "--audience", "martians")


def test_queries_do_not_grow_per_article_and_addresses_are_read_in_chunks(library, staff, settings):
    audience = Audience.objects.get(slug="healthcare-professional")
    list(export.export_lines([audience]))  # renders and stores each article once, as the first page view would

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            lines = list(export.export_lines([audience]))
        return len(captured), len(lines)

    three, count = queries_for_export()
    for slug in ("extra-one", "extra-two", "extra-three"):
        publish(make_article(actor=staff.author, slug=slug), editor=staff.author, reviewer=staff.reviewer)
    list(export.export_lines([audience]))
    six, count_after = queries_for_export()
    assert (count, count_after) == (3, 6)
    per_article = (six - three) / 3
    assert per_article <= 3  # the page query, the pinned references, and nothing that grows with the corpus
    assert six == three + 3 * per_article
    # Addresses come a chunk at a time: 6 articles in chunks of 4 is two reads, never one list of everything.
    with CaptureQueriesContext(connection) as captured:
        assert len(list(export.published_slugs(chunk=4))) == 6
    assert len(captured) == 2
