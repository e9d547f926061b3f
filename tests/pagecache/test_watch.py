"""The page-token watch (pagecache/watch.py): each process keeps the tokens and hears of changes by Redis
pub/sub, against a real redis-server that the tests stop, start and pause."""

import time

import pytest
import redis

from pagecache import tokens, watch
from tests.factories import make_article, publish
from tests.pagecache.support import LOCATION, URL, RedisServer, approve_in_admin, revision_in_review

# Run with the other Redis tests (tests/test_multi_server.py): in CI, where .ci/run installs redis-server.
pytestmark = pytest.mark.postgres


@pytest.fixture
def published(staff, redis_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


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
