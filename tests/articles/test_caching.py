"""Render once, whole-page caching, invalidation on commit, and the HTTP caching headers."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

import pagecache
from articles import stored_rendering
from articles.models import StoredRendering
from articles.rendering import RenderedArticle, render_revision
from editorial import services
from tests.factories import clear_caches, make_article, publish

URL = "/articles/calciphylaxis/for/healthcare-professional/"


@pytest.fixture(autouse=True)
def empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def published(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def publish_new_title(staff, article, title):
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title=title)
    return publish(draft, editor=staff.second_editor, reviewer=staff.reviewer)


# Render once


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


def test_warm_article_page_does_no_queries(client, published, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert b"What is calciphylaxis?" in second.content


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


def test_a_board_profile_added_in_the_admin_shows_on_the_next_request(
    client, staff, published, django_capture_on_commit_callbacks
):
    """The page shows the new profile at once: the admin save renews the page's tokens."""
    assert b"Maya Okafor" not in client.get(URL).content
    admin = Client()
    admin.force_login(staff.superuser)
    form = {
        "user": staff.reviewer.pk, "slug": "maya-okafor", "display_name": "Maya Okafor", "credentials": "MD",
        "specialty": "", "bio": "", "conflicts_of_interest": "", "listed": "on", "ordering": "0",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/admin/articles/boardprofile/add/", form)
    assert response.status_code == 302, response.content[:2000]
    assert b"Maya Okafor, MD" in client.get(URL).content


# Invalidation: exactly when the page changes, and only after commit


def test_approving_a_new_revision_shows_it_on_the_next_request(
    client, staff, published, django_capture_on_commit_callbacks
):
    assert b"What is calciphylaxis?" in client.get(URL).content
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, published.article, "What causes calciphylaxis?")
    assert b"What causes calciphylaxis?" in client.get(URL).content


def test_invalidation_waits_for_the_commit(client, staff, published, django_capture_on_commit_callbacks):
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_new_title(staff, published.article, "What causes calciphylaxis?")
    # Not committed yet (the callbacks have not run): readers still get the cached page.
    assert b"What is calciphylaxis?" in client.get(URL).content
    for callback in callbacks:
        callback()
    assert b"What causes calciphylaxis?" in client.get(URL).content


def test_withdrawing_takes_the_cached_page_down(client, staff, published, django_capture_on_commit_callbacks):
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_withdraw(actor=staff.chief, revision=published, comment="Under investigation.")
    assert client.get(URL).status_code == 410


def test_home_lists_a_newly_approved_article_on_the_next_request(
    client, staff, published, django_capture_on_commit_callbacks
):
    assert b"Other question?" not in client.get("/").content
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author, slug="other", title="Other question?"), **_roles(staff))
    assert b"Other question?" in client.get("/").content


def test_approving_one_article_keeps_other_articles_cached_with_per_article_tokens(
    client, staff, published, django_capture_on_commit_callbacks, django_assert_num_queries, settings
):
    settings.VETTED_TOKENS_PER_ARTICLE = True  # with REDIS_URL
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author, slug="other", title="Other question?"), **_roles(staff))
    with django_assert_num_queries(0):
        client.get(URL)


def test_without_per_article_tokens_an_approval_renews_every_page(
    client, staff, published, django_capture_on_commit_callbacks, django_assert_max_num_queries, settings
):
    settings.VETTED_TOKENS_PER_ARTICLE = False  # the file token store of a server without Redis
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author, slug="other", title="Other question?"), **_roles(staff))
    with django_assert_max_num_queries(8) as captured:
        assert client.get(URL).status_code == 200
    assert len(captured) > 0


def test_invalidate_all_pages_makes_every_page_miss(client, published, django_assert_max_num_queries):
    client.get(URL)
    client.get("/")
    pagecache.invalidate_all()
    for url in (URL, "/"):
        with django_assert_max_num_queries(8) as captured:
            client.get(url)
        assert len(captured) >= 1


def test_bumping_the_render_version_makes_every_page_miss(client, published, settings):
    client.get(URL)
    settings.RENDER_VERSION += 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    assert len(captured) >= 2  # article, then the sections: rendered again


def _roles(staff):
    return {"editor": staff.author, "reviewer": staff.reviewer}


# HTTP caching


def test_anonymous_page_is_publicly_cacheable_with_validators(client, published, settings):
    for response in (client.get(URL), client.get(URL)):  # fresh and from the page cache
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert f"max-age={settings.VETTED_CACHE_MAX_AGE}" in cache_control
        assert f"s-maxage={settings.VETTED_CACHE_S_MAXAGE}" in cache_control
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert "Cookie" not in response.get("Vary", "")


def test_etag_answers_304_from_the_page_cache_and_fresh(client, published):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    pagecache.invalidate_all()
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304


def test_if_modified_since_answers_304(client, published):
    last_modified = client.get(URL)["Last-Modified"]
    assert client.get(URL, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get("/", headers={"if-modified-since": client.get("/")["Last-Modified"]}).status_code == 304


def test_a_stale_etag_gets_the_new_page(client, staff, published, django_capture_on_commit_callbacks):
    etag = client.get(URL)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, published.article, "What causes calciphylaxis?")
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_staff_pages_are_private_and_never_served_from_the_page_cache(client, staff, published):
    anonymous = client.get(URL)
    client.force_login(staff.author)
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response
    assert response.content == anonymous.content  # same page, but rendered for them, not stored


def test_staff_page_is_not_stored_for_anonymous_readers(client, staff, published, django_assert_num_queries):
    client.force_login(staff.author)
    client.get(URL)
    client.logout()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert len(captured) >= 1  # a miss: the staff request stored nothing
    assert "public" in response["Cache-Control"]


def test_responses_that_vary_on_cookie_are_not_stored_under_their_path():
    calls = []

    @pagecache.public_page
    def remembers_audience(request):
        calls.append(1)
        response = HttpResponse(b"patient page")
        response["Vary"] = "Cookie"
        return response

    request = RequestFactory().get("/articles/x/")
    remembers_audience(request)
    remembers_audience(request)
    assert len(calls) == 2


def test_private_page_decorator_marks_previews_uncacheable():
    @pagecache.private_page
    def preview(request):
        return HttpResponse(b"draft")

    response = preview(RequestFactory().get("/preview/"))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


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
