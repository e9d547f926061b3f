"""Render once (articles/stored_rendering.py): the first reader of an approved revision renders and stores
it; every later page build, after any cache flush, reads it back in the page's one query."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

import pagecache
from articles import stored_rendering
from articles.models import StoredRendering
from articles.rendering import RenderedArticle, render_revision
from editorial import services
from tests.factories import clear_caches, make_article, publish, publish_new_title

URL = "/articles/calciphylaxis/for/healthcare-professional/"


@pytest.fixture
def published(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def stored(revision):
    return StoredRendering.objects.filter(revision=revision)


def test_the_first_reader_stores_the_rendering_and_later_ones_reuse_it(
    client, published, django_assert_max_num_queries
):
    first = client.get(URL)
    row = stored(published).get()
    assert (row.register, row.render_version) == ("professional", settings.RENDER_VERSION)
    clear_caches()  # caches cleared: only the database is left
    with django_assert_max_num_queries(7) as captured:
        second = client.get(URL)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "editorial_section" not in tables and "editorial_citedreference" not in tables
    assert second.content == first.content
    assert stored(published).count() == 1


def test_a_stored_rendering_is_the_rendering_itself(published):
    rendered = render_revision(published, "plain")
    assert RenderedArticle.from_payload(rendered.to_payload()) == rendered
    assert stored_rendering.stored_rendering(published, "plain") == rendered  # rendered and stored
    assert stored_rendering.stored_rendering(published, "plain") == rendered  # read back
    assert all(section.html in rendered.body_html for section in rendered.sections)


def test_bumping_the_render_version_renders_and_stores_again(client, published, settings):
    client.get(URL)
    settings.RENDER_VERSION += 1
    clear_caches()
    client.get(URL)
    assert sorted(stored(published).values_list("render_version", flat=True)) == [
        settings.RENDER_VERSION - 1,
        settings.RENDER_VERSION,
    ]


def test_a_revision_that_is_not_approved_is_never_stored(staff, published):
    draft = services.revision_start_new(actor=staff.second_editor, article=published.article)
    with pytest.raises(ValueError, match="Only approved revisions"):
        stored_rendering.stored_rendering(draft, "professional")
    assert not stored(draft).exists()


def test_page_cache_miss_reuses_the_rendered_revision(client, published, django_assert_num_queries):
    client.get(URL)
    pagecache.invalidate_all()
    # The page around the text (article, audiences, review status, reviewers) is read again, in one
    # query; the text itself (sections, pinned references, Markdown) is not.
    with django_assert_num_queries(1) as captured:
        response = client.get(URL)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "editorial_section" not in tables and "editorial_citedreference" not in tables
    assert b"Calcium builds up in small vessels." in response.content


def test_a_cold_page_reads_the_article_audiences_reviewers_and_rendering_in_one_query(
    client, published, django_assert_num_queries
):
    """Every cache cleared (a restart, a flush, another server): one query per page, for every audience."""
    first = {url: client.get(url).content for url in (URL, "/articles/calciphylaxis/for/patient-or-caregiver/")}
    for url, content in first.items():
        clear_caches()
        with django_assert_num_queries(1) as captured:
            again = client.get(url)
        sql = captured.captured_queries[0]["sql"]
        assert all(table in sql for table in ("articles_audience", "articles_storedrendering", "board"))
        assert again.content == content


def test_pruning_keeps_only_the_renderings_pages_read(client, staff, published, settings):
    client.get(URL)
    client.get("/articles/calciphylaxis/for/patient-or-caregiver/")
    settings.RENDER_VERSION += 1  # a template change: the old renderings are never read again
    clear_caches()
    client.get(URL)
    newer = publish_new_title(staff, published.article, "What causes calciphylaxis?")  # supersedes
    clear_caches()
    current = client.get(URL).content
    assert StoredRendering.objects.count() == 4  # two versions of the first revision, the second's
    call_command("prune_renderings", stdout=io.StringIO())
    kept = StoredRendering.objects.values_list("revision_id", "register", "render_version")
    assert list(kept) == [(newer.pk, "professional", settings.RENDER_VERSION)]
    clear_caches()
    assert client.get(URL).content == current  # nothing a page reads was lost
