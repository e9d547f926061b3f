"""The fail-open Redis cache (pagecache/backends.py) against a real redis-server that the tests stop and start.

With Redis stopped (or hung), readers get every public page from the database and staff work in the
admin; once Redis answers again pages are cached again, and an invalidation written while it was away
is not lost (the old page, still in Redis, must not come back).
"""

import logging

import pytest

from articles.models import ReaderReport
from articles.views import REPORTS_PER_HOUR
from tests.factories import make_article, publish
from tests.pagecache.support import URL, approve_in_admin, revision_in_review

# Run with the other Redis tests (tests/test_multi_server.py): in CI, where .ci/run installs redis-server.
pytestmark = pytest.mark.postgres


@pytest.fixture
def published(staff, redis_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def test_readers_get_every_public_page_from_the_database_while_redis_is_stopped(client, published, redis_server):
    redis_server.stop()
    for path in (URL, "/", "/search/?q=calciphylaxis", "/az/", f"/articles/{published.article.slug}/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
    assert b"What is calciphylaxis?" in client.get(URL).content
    assert b"calciphylaxis" in client.get("/search/?q=calciphylaxis").content


def test_staff_work_in_the_admin_while_redis_is_stopped(
    client, staff, published, redis_server, django_capture_on_commit_callbacks
):
    review = revision_in_review(staff, published.article, "What causes calciphylaxis?")
    redis_server.stop()
    client.force_login(staff.reviewer)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/editorial/revision/{review.pk}/change/").status_code == 200
    client.logout()
    approve_in_admin(client, staff, review, django_capture_on_commit_callbacks)
    assert b"What causes calciphylaxis?" in client.get(URL).content


def test_pages_are_cached_again_and_invalidated_when_redis_comes_back(
    client, staff, published, redis_server, django_assert_num_queries, django_capture_on_commit_callbacks
):
    redis_server.stop()
    assert client.get(URL).status_code == 200
    redis_server.start()

    first = client.get(URL)
    with django_assert_num_queries(0):  # from the page cache in Redis
        second = client.get(URL)
    assert second.content == first.content
    assert redis_server.keys("*vetted:token:*")  # the pages' generation tokens are in Redis again

    approve_in_admin(
        client,
        staff,
        revision_in_review(staff, published.article, "What causes calciphylaxis?"),
        django_capture_on_commit_callbacks,
    )
    body = client.get(URL).content
    assert b"What causes calciphylaxis?" in body
    assert b"What is calciphylaxis?" not in body


def test_an_invalidation_made_while_redis_was_down_is_not_lost_when_it_comes_back(
    client, staff, published, redis_server, django_capture_on_commit_callbacks
):
    review = revision_in_review(staff, published.article, "What causes calciphylaxis?")
    assert b"What is calciphylaxis?" in client.get(URL).content  # the old page is now in Redis
    redis_server.stop(keep_data=True)
    approve_in_admin(client, staff, review, django_capture_on_commit_callbacks)  # its invalidation cannot be written
    assert b"What causes calciphylaxis?" in client.get(URL).content  # from the database
    redis_server.start()  # with the old tokens in it (and the old page, if pages live in Redis)
    assert redis_server.keys("*vetted:token:*")

    for _ in range(2):  # the first request repairs the cache, the second is served from it
        body = client.get(URL).content
        assert b"What causes calciphylaxis?" in body
        assert b"What is calciphylaxis?" not in body


def test_readers_get_pages_while_redis_hangs(client, staff, published, redis_server):
    """A hung Redis accepts connections and answers nothing: the read timeout, then the database."""
    redis_server.pause()
    for path in (URL, "/", "/search/?q=calciphylaxis"):
        assert client.get(path).status_code == 200, path
    redis_server.resume()
    assert b"What is calciphylaxis?" in client.get(URL).content


def test_a_stopped_redis_is_logged_once_not_once_per_request(client, published, redis_server, caplog):
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="pagecache.backends"):
        for _ in range(5):
            client.get(URL)
            redis_server.wait_for_the_cache_to_try_again()  # each request reaches for Redis and fails
    records = [record for record in caplog.records if record.name == "pagecache.backends"]
    assert len(records) == 1
    assert "unreachable" in records[0].getMessage()


def test_healthz_reports_the_cache_down_while_redis_is_stopped(client, db, redis_server):
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    redis_server.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error: ConnectionError"}
    redis_server.start()
    assert client.get("/healthz").status_code == 200


def test_reader_reports_are_accepted_unthrottled_while_redis_is_stopped(client, published, redis_server):
    """Documented fail-open: the throttle counts in the cache, so with Redis down it counts nothing."""
    redis_server.stop()
    path = f"/articles/{published.article.slug}/report/"
    form = client.get(path)
    assert form.status_code == 200
    fields = {"kind": "error", "message": "The dose in the treatment section looks wrong.", "email": ""}
    statuses = {client.post(path, fields).status_code for _ in range(REPORTS_PER_HOUR + 2)}
    assert statuses == {200}
    assert ReaderReport.objects.count() == REPORTS_PER_HOUR + 2
