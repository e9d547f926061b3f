"""This process's copy of the page tokens, kept current by Redis pub/sub: a warm page asks Redis nothing.

With ``REDIS_URL`` every app server shares the generation tokens (``pagecache.tokens``) in Redis. Reading
them on every request was one round trip per warm page, which cost a third of the page's throughput.
Instead each process keeps the tokens it has read and hears of every change:

- ``invalidate_article_pages``/``invalidate_all`` write the new tokens to Redis (the record a process
  reads when it does not know a token) and then publish them on ``CHANNEL``;
- each process subscribes once, before it reads any token, so no change after its first read can pass
  unheard; before answering, a request reads whatever messages have arrived on the subscription's socket
  (a non-blocking poll, no round trip) and applies them. Redis writes a published message to every
  subscriber before it answers the publisher, so the next request to any server finds it waiting;
- a token it does not know is read from Redis and kept; every ``SYNC_SECONDS`` a request forgets them all
  and reads again, which bounds what a lost message (a hung Redis, a partition) could leave stale;
- when the subscription fails (Redis restarted or down), the process forgets every token and reads them
  from Redis on each request, as before (``None`` while Redis does not answer: no page cache), until it
  has subscribed again (at most every ``RETRY_SECONDS``).

One watch per process (its threads share it under a lock); a forked child starts its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

CHANNEL = "vetted:page-tokens"
SYNC_SECONDS = 1.0
RETRY_SECONDS = 1.5
FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

Reader = Callable[[list[str]], "tuple[str, ...] | None"]


class TokenWatch:
    def __init__(self, url: str):
        self.url = url
        self.lock = threading.Lock()
        self.known: dict[str, str] = {}
        self.synced_at = 0.0
        self.retry_at = 0.0
        self.pubsub: redis.client.PubSub | None = None

    # -- what pagecache.tokens asks -----------------------------------------------------------

    def tokens(self, keys: Sequence[str], read: Reader) -> tuple[str, ...] | None:
        """The current token of each key; ``read(keys)`` fetches from Redis what this process does not know."""
        with self.lock:
            if not self._listen():
                return read(list(keys))
            now = time.monotonic()
            if now - self.synced_at >= SYNC_SECONDS:
                self.known.clear()
                self.synced_at = now
            missing = [key for key in keys if key not in self.known]
            if missing:
                found = read(missing)
                if found is None:
                    return None
                self.known.update(zip(missing, found, strict=True))
            return tuple(self.known[key] for key in keys)

    def publish(self, tokens: dict[str, str]) -> None:
        """Tell every process (this one at once) the new tokens, after they were written to Redis."""
        with self.lock:
            self.known.update(tokens)
        try:
            self._client().publish(CHANNEL, json.dumps(tokens))
        except FAILURES as error:
            # The write before it failed too (FailOpenRedisCache remembered the keys); the others will
            # find their subscription broken, or the keys deleted on recovery at their next sync.
            logger.warning("Could not publish new page tokens (%s)", error)

    def forget(self) -> None:
        """Read every token from Redis again (tests, after emptying the caches)."""
        with self.lock:
            self.known.clear()

    # -- the subscription ----------------------------------------------------------------------

    def _client(self) -> redis.Redis:
        # No retries: redis-py would otherwise reconnect and resubscribe by itself, and whatever was
        # published in between would go unheard. A failure must reach _listen, which forgets everything.
        return redis.Redis.from_url(
            self.url, socket_timeout=0.5, socket_connect_timeout=0.25, retry=Retry(NoBackoff(), 0)
        )

    def _listen(self) -> bool:
        """Subscribed and up to date with every message received; False when the subscription is down."""
        if self.pubsub is None:
            if time.monotonic() < self.retry_at:
                return False
            try:
                pubsub = self._client().pubsub()
                pubsub.subscribe(CHANNEL)
                if pubsub.get_message(timeout=0.5) is None:  # the confirmation: subscribed from now on
                    raise redis.exceptions.TimeoutError("no confirmation of the subscription")
            except FAILURES as error:
                self._lost(error)
                return False
            self.pubsub = pubsub
            self.known.clear()  # whatever was known before the subscription may have changed unheard
        try:
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                self._apply(message)
        except FAILURES as error:
            self._lost(error)
            return False
        return True

    def _apply(self, message: dict) -> None:
        if message.get("type") != "message":
            return
        try:
            tokens = json.loads(message["data"])
        except (TypeError, ValueError):
            self.known.clear()  # not ours to understand: read everything again
            return
        self.known.update(tokens)

    def _lost(self, error: Exception) -> None:
        if self.pubsub is not None:
            logger.warning("Page token subscription lost (%s): reading tokens from Redis", error)
            with contextlib.suppress(FAILURES):
                self.pubsub.close()
        self.pubsub = None
        self.known.clear()
        self.retry_at = time.monotonic() + RETRY_SECONDS


_watches: dict[tuple[int, str], TokenWatch] = {}
_watches_lock = threading.Lock()


def watch(url: str) -> TokenWatch:
    """The process's watch for this Redis (a new one after a fork)."""
    key = (os.getpid(), url)
    with _watches_lock:
        if key not in _watches:
            _watches[key] = TokenWatch(url)
        return _watches[key]


def forget_everywhere() -> None:
    """Every watch of this process forgets its tokens (after the caches were emptied: tests, make bench)."""
    with _watches_lock:
        watches = list(_watches.values())
    for each in watches:
        each.forget()
