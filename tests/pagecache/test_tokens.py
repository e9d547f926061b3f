"""Generation tokens (pagecache/tokens.py): a cached page is renewed exactly when it changes, on every event
that changes it, and only after the change is committed."""

import pytest
from django.test import Client

import pagecache
from editorial import services
from tests.factories import make_article, publish, publish_new_title

URL = "/articles/calciphylaxis/for/healthcare-professional/"


@pytest.fixture
def published(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


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


def test_invalidate_all_makes_every_page_miss(client, published, django_assert_max_num_queries):
    client.get(URL)
    client.get("/")
    pagecache.invalidate_all()
    for url in (URL, "/"):
        with django_assert_max_num_queries(8) as captured:
            client.get(url)
        assert len(captured) >= 1


def _roles(staff):
    return {"editor": staff.author, "reviewer": staff.reviewer}
