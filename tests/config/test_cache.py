"""The fail-open Redis cache (pagecache/backends.py) and the page-token watch (pagecache/watch.py) against a
real redis-server that the tests stop and start.

With Redis stopped (or hung), readers get every public page from the database and staff work in the
admin; once Redis answers again pages are cached again, and an invalidation written while it was away
is not lost (the old page, still in Redis, must not come back).
"""

import contextlib
import logging
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import caches

from articles.models import ReaderReport
from articles.views import REPORTS_PER_HOUR
from editorial import services
from editorial.models import Revision
from editorial.rules import State
from pagecache import tokens, watch
from tests.factories import make_article, publish

# Run with the other Redis tests (tests/test_multi_server.py): in CI, where .ci/run installs redis-server.
pytestmark = pytest.mark.postgres

PORT = 6397
LOCATION = f"redis://127.0.0.1:{PORT}/0"
RETRY_SECONDS = 0.2
URL = "/articles/calciphylaxis/for/healthcare-professional/"


class RedisServer:
    """A redis-server on a fixed loopback port that a test can stop, start again, pause and resume."""

    def __init__(self, port: int, directory: Path):
        self.port, self.directory = port, directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start, loading the data a ``stop(keep_data=True)`` saved (as a Redis with persistence would)."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]  # noqa: S607
            + ["--dir", str(self.directory), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_timeout=0.5).ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        self.wait_for_the_cache_to_try_again()

    def stop(self, *, keep_data: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it was paused
            if keep_data:
                with contextlib.suppress(redis.exceptions.ConnectionError):  # it closes the connection
                    redis.Redis(port=self.port).shutdown(save=True)
            else:
                (self.directory / "dump.rdb").unlink(missing_ok=True)
                self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        """A hung Redis: connections are accepted, nothing is answered (the read timeout fires)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.wait_for_the_cache_to_try_again()

    @staticmethod
    def wait_for_the_cache_to_try_again() -> None:
        time.sleep(RETRY_SECONDS * 1.5)  # the backend skips Redis for RETRY_SECONDS after a failure

    def keys(self, pattern: str) -> list[bytes]:
        return redis.Redis(port=self.port).keys(pattern)


@pytest.fixture
def redis_server(settings, tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (.ci/run installs it from Debian's packages)")
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken; these tests start their own redis-server there")
    server = RedisServer(PORT, tmp_path)
    server.start()
    fail_open = {
        "BACKEND": "pagecache.backends.FailOpenRedisCache",
        "LOCATION": LOCATION,
        "FAIL_OPEN_RETRY_SECONDS": RETRY_SECONDS,
    }
    # As with REDIS_URL: the default cache, and the page tokens where they have a cache of their own.
    redis_aliases = {"default": fail_open} | ({"tokens": fail_open} if "tokens" in settings.CACHES else {})
    settings.CACHES = {**settings.CACHES, **redis_aliases}
    settings.VETTED_TOKENS_PER_ARTICLE = True
    settings.VETTED_TOKEN_WATCH_URL = LOCATION  # as with REDIS_URL: tokens kept per process, told by pub/sub
    for alias in settings.CACHES:
        caches[alias].clear()
    watch.forget_everywhere()
    yield server
    server.stop()


@pytest.fixture
def published(staff, redis_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def revision_in_review(staff, article, title):
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title=title)
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    return services.revision_start_review(actor=staff.reviewer, revision=draft)


def approve_in_admin(client, staff, revision, django_capture_on_commit_callbacks):
    client.force_login(staff.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/editorial/revision/{revision.pk}/transition/",
            {"action": "approve", "expected_version": revision.version, "comment": ""},
        )
    client.logout()
    assert response.status_code == 302
    assert Revision.objects.get(pk=revision.pk).state == State.APPROVED


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


# The page-token watch: each process keeps the tokens and hears of changes by pub/sub


def commands_run(server: RedisServer) -> dict[str, int]:
    """Commands Redis has answered so far, not counting the INFO calls that ask (nor their connection's)."""
    stats = redis.Redis(port=server.port).info("commandstats")
    asking = ("cmdstat_info", "cmdstat_hello", "cmdstat_client|setinfo")
    return {name: figures["calls"] for name, figures in stats.items() if name not in asking}


def test_a_warm_page_asks_redis_nothing(client, published, redis_server, django_assert_num_queries):
    first = client.get(URL)
    before = commands_run(redis_server)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert commands_run(redis_server) == before  # neither the tokens nor the page came from Redis
    assert second.content == first.content


def test_another_process_hears_an_approval_before_its_next_request(
    client, staff, published, redis_server, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(watch, "SYNC_SECONDS", 3600)  # no periodic re-read: only the message can tell it
    other = watch.TokenWatch(LOCATION)  # what another app server's process holds
    keys = tokens.page_token_keys(published.article.slug)
    before = other.tokens(keys, tokens.read_tokens)
    assert before == tokens.read_tokens(keys)

    review = revision_in_review(staff, published.article, "What causes calciphylaxis?")
    approve_in_admin(client, staff, review, django_capture_on_commit_callbacks)
    reads = redis.Redis(port=redis_server.port).info("commandstats").get("cmdstat_mget", {}).get("calls", 0)
    after = other.tokens(keys, tokens.read_tokens)
    assert after[1] != before[1]  # the article's token changed, and the other process knows it
    assert after == tokens.read_tokens(keys)
    assert redis.Redis(port=redis_server.port).info("commandstats")["cmdstat_mget"]["calls"] == reads + 1  # ours
    assert b"What causes calciphylaxis?" in client.get(URL).content


def test_after_redis_restarts_tokens_are_read_from_redis_again(client, staff, published, redis_server):
    other = watch.TokenWatch(LOCATION)
    keys = tokens.page_token_keys(published.article.slug)
    before = other.tokens(keys, tokens.read_tokens)
    redis_server.stop()  # its data (the tokens) gone with it
    assert other.tokens(keys, tokens.read_tokens) is None  # subscription lost, Redis down: no page cache
    redis_server.start()
    after = other.tokens(keys, tokens.read_tokens)
    assert after is not None and after != before
    assert after == tokens.read_tokens(keys)


def test_a_hung_redis_stops_the_page_cache_within_the_sync_interval(client, published, redis_server, monkeypatch):
    monkeypatch.setattr(watch, "SYNC_SECONDS", 0.2)
    other = watch.TokenWatch(LOCATION)
    keys = tokens.page_token_keys(published.article.slug)
    assert other.tokens(keys, tokens.read_tokens) is not None
    redis_server.pause()  # the subscription stays open and silent: a message could be lost in the hang
    time.sleep(0.3)
    assert other.tokens(keys, tokens.read_tokens) is None  # re-read, which timed out: no page cache
    redis_server.resume()
    assert other.tokens(keys, tokens.read_tokens) == tokens.read_tokens(keys)
