"""Every public and admin page does a number of queries that does not grow with the library.

Each page is measured on a small library, then again after generating a much larger one (more articles,
a longer revision history for the article whose pages are shown); the counts must be equal.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial.models import Revision
from editorial.rules import IN_REVIEW_STATES
from tests.factories import clear_caches

PAGES = {
    "home": lambda: "/",
    "article page": lambda: f"/articles/{long_article().slug}/for/healthcare-professional/",
    "revisions": lambda: "/admin/editorial/revision/",
    "review queue": lambda: "/admin/editorial/revision/?queue=review",
    "my review queue": lambda: "/admin/editorial/revision/?queue=mine",
    "articles": lambda: "/admin/articles/article/",
    "article search": lambda: "/admin/articles/article/?q=corpus",
    "references": lambda: "/admin/references/reference/",
    "workflow events": lambda: "/admin/editorial/transitionrecord/",
    "workflow events by action": lambda: "/admin/editorial/transitionrecord/?action=approve&within_days=365",
    "an article's revisions": lambda: f"/admin/editorial/revision/?article__id__exact={long_article().pk}",
    "an article's revisions, page 2": lambda: f"/admin/editorial/revision/?article__id__exact={long_article().pk}&p=2",
    "reader reports": lambda: "/admin/articles/readerreport/",
    "article change page": lambda: f"/admin/articles/article/{long_article().pk}/change/",
    "article history": lambda: f"/admin/articles/article/{long_article().pk}/history/",
    "revision change page": lambda: f"/admin/editorial/revision/{open_revision().pk}/change/",
    "revision history": lambda: f"/admin/editorial/revision/{long_article().published_revision_id}/history/",
}


def long_article() -> Article:
    return Article.objects.filter(slug__contains="-long-").order_by("-pk").first()


def open_revision() -> Revision:
    return Revision.objects.filter(state__in=IN_REVIEW_STATES).order_by("-pk").first()


def count_queries(client, url: str) -> int:
    clear_caches()  # the uncached path: what a page cache miss costs
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_the_library(client, staff, page):
    client.force_login(staff.superuser)
    call_command("generate_corpus", articles=4, long_history=3, quiet=True, seed=1)
    # The first request warms Django's per-process caches (content types) and renders and stores an
    # article's text once (articles.stored_rendering); each size is measured on the next one.
    count_queries(client, PAGES[page]())
    small = count_queries(client, PAGES[page]())
    call_command("generate_corpus", articles=60, long_history=40, quiet=True, seed=2)
    count_queries(client, PAGES[page]())
    large = count_queries(client, PAGES[page]())
    assert large == small, f"{page}: {small} queries with a small library, {large} with a larger one"
    # The revision page also runs the evidence checks (issue 17: the cited sources, the author's and the
    # reviewer's credentials, the sections once for every check): four more, constant with the library.
    budget = 34 if page == "revision change page" else 30
    assert large <= budget, f"{page}: {large} queries"


@pytest.mark.parametrize("page", ["home", "article page"])
def test_public_pages_query_count_for_anonymous_readers(client, db, page, django_assert_max_num_queries):
    call_command("generate_corpus", articles=30, long_history=20, quiet=True)
    url = PAGES[page]()
    clear_caches()
    with django_assert_max_num_queries(10):  # cold: article, audiences, review status, sections, pins
        client.get(url)
    with django_assert_max_num_queries(0):  # warm: the whole response comes from the cache
        client.get(url)


def test_article_change_page_shows_the_latest_revisions_and_links_to_all(client, staff):
    client.force_login(staff.superuser)
    call_command("generate_corpus", articles=1, long_history=60, quiet=True)
    article = long_article()
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "The latest 50 of 60 revisions." in page
    everything = client.get(f"/admin/editorial/revision/?article__id__exact={article.pk}")
    assert everything.status_code == 200
    assert "60 revisions" in everything.content.decode() or "60 total" in everything.content.decode()
