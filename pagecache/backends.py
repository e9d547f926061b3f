"""A Redis cache that fails open: when Redis is down, the site serves from the database, uncached.

Django's ``RedisCache`` lets every connection error reach the view, so a stopped Redis turned every
public page into a 500. ``FailOpenRedisCache`` turns those errors into a miss (reads) or a no-op
(writes), and:

- logs one warning when Redis stops answering, then at most one a minute while it stays down, and
  one when it answers again (not one per request);
- stops asking for ``FAIL_OPEN_RETRY_SECONDS`` (1.5 s) after a failure, so a dead Redis does not add
  a connect timeout to every request; connect and read timeouts are short (``DEFAULT_OPTIONS``);
- remembers the keys of the writes it could not make (an invalidation token, a page) and deletes them
  from Redis as soon as it answers again, before anything else. A lost invalidation would otherwise
  let an old page, stored under the old token, come back after the outage; a deleted token is a fresh
  token on the next request (``pagecache.tokens.read_tokens``), so every page stored under it misses.

The state is per process (shared by its threads, each of which has its own backend instance): a worker
restarted while Redis is down forgets the keys it could not write. ``/healthz`` asks ``ping()``, which
bypasses all of this, so it reports a dead Redis as an error.

Anything else kept in this cache fails open too: a counter in it counts nothing while Redis is down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Connection refused, reset, timed out, Redis still loading its data: all mean "no cache right now".
FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    # One immediate reconnect on a connection error: pooled connections die when Redis restarts, and the
    # first command on each should not count as an outage. Timeouts are not retried (they would double).
    "retry": Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)),
}
LOG_EVERY_SECONDS = 60.0
MAX_REMEMBERED_KEYS = 10_000  # beyond this, the whole cache database is emptied on recovery instead


class _Health:
    """What one process knows about one Redis location (shared by the threads' backend instances)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recovery_lock = threading.Lock()
        self.skip_until = 0.0
        self.failed_at = 0.0
        self.down_since: float | None = None
        self.failures_unlogged = 0
        self.last_logged = 0.0
        self.last_error = ""
        self.lost_keys: set[str] = set()
        self.flush_on_recovery = False


_HEALTH: dict[tuple[str, ...], _Health] = {}
_HEALTH_LOCK = threading.Lock()


class FailOpenRedisCache(RedisCache):
    """``RedisCache`` whose operations answer like a miss or a no-op while Redis cannot be reached."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self.retry_seconds = float(params.get("FAIL_OPEN_RETRY_SECONDS", 1.5))
        with _HEALTH_LOCK:
            self._health = _HEALTH.setdefault(tuple(self._servers), _Health())

    # -- the guard ---------------------------------------------------------------------------

    def _guarded(self, operation: Callable[[], Any], fallback: Any, written: Iterable[str] = ()) -> Any:
        """Run ``operation`` against Redis; on failure (or while skipping Redis) return ``fallback``.

        ``written`` names the (made) keys the operation writes: if it fails, they are deleted on recovery.
        """
        health = self._health
        if time.monotonic() < health.skip_until:
            self._remember_lost(written)
            return fallback
        began = time.monotonic()
        try:
            repaired = self._recover_if_needed()
            result = operation()
        except FAILURES as error:
            self._remember_lost(written)
            self._failed(error)
            return fallback
        if health.down_since is not None or repaired:
            self._recovered(began, repaired)
        return result

    def _remember_lost(self, keys: Iterable[str] | None) -> None:
        health = self._health
        with health.lock:
            if keys is None:  # clear()
                health.flush_on_recovery = True
                return
            health.lost_keys.update(keys)
            if len(health.lost_keys) > MAX_REMEMBERED_KEYS:
                health.lost_keys.clear()
                health.flush_on_recovery = True

    def _recover_if_needed(self) -> str:
        """Undo what the outage may have left stale, before the first operation that reaches Redis.

        One thread does it; the others wait for it (one round trip) rather than read a stale page.
        """
        health = self._health
        if not (health.lost_keys or health.flush_on_recovery):
            return ""
        with health.recovery_lock:
            with health.lock:
                keys, flush = list(health.lost_keys), health.flush_on_recovery
                health.lost_keys.clear()
                health.flush_on_recovery = False
            if not (keys or flush):
                return ""  # another thread did it
            try:
                if flush:
                    self._cache.clear()
                else:
                    self._cache.delete_many(keys)
            except FAILURES:
                with health.lock:
                    health.lost_keys.update(keys)
                    health.flush_on_recovery = health.flush_on_recovery or flush
                raise
        return "emptied the cache" if flush else f"deleted the {len(keys)} key(s) it could not write"

    def _failed(self, error: Exception) -> None:
        health = self._health
        now = time.monotonic()
        with health.lock:
            health.skip_until = now + self.retry_seconds
            health.failed_at = now
            health.last_error = f"{type(error).__name__}: {error}"
            first = health.down_since is None
            if first:
                health.down_since = now
            health.failures_unlogged += 1
            due = first or now - health.last_logged >= LOG_EVERY_SECONDS
            if due:
                count, health.failures_unlogged, health.last_logged = health.failures_unlogged, 0, now
        if due and first:
            logger.warning(
                "Redis cache %s unreachable (%s): serving without the cache, retrying every %.1f s",
                self._location,
                health.last_error,
                self.retry_seconds,
            )
        elif due:
            logger.warning(
                "Redis cache %s still unreachable (%s); %d failed operation(s) since the last message",
                self._location,
                health.last_error,
                count,
            )

    def _recovered(self, began: float, repaired: str) -> None:
        """Log the end of an outage: an operation that started after the last failure succeeded."""
        health = self._health
        seconds = None
        with health.lock:
            # An operation already under way when another thread failed proves nothing.
            if health.down_since is not None and began >= health.failed_at:
                seconds, health.down_since, health.failures_unlogged = time.monotonic() - health.down_since, None, 0
        if seconds is None and not repaired:
            return
        news = f"is back after {seconds:.1f} s" if seconds is not None else "answers again"
        if repaired:
            news += f"; {repaired} during the outage"
        logger.warning("Redis cache %s %s", self._location, news)

    @property
    def _location(self) -> str:
        return ",".join(server.rsplit("@", 1)[-1] for server in self._servers)  # never log a password

    # -- what /healthz asks -------------------------------------------------------------------

    def ping(self) -> None:
        """Raise if Redis does not answer now (bypasses the fail-open guard: for health checks)."""
        self._cache.get_client(None, write=True).ping()

    @property
    def last_error(self) -> str:
        return self._health.last_error

    # -- Django's cache API ------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(lambda: self._cache.add(made, value, self.get_backend_timeout(timeout)), False, [made])

    def get(self, key, default=None, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(lambda: self._cache.get(made, default), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        self._guarded(lambda: self._cache.set(made, value, self.get_backend_timeout(timeout)), None, [made])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(lambda: self._cache.touch(made, self.get_backend_timeout(timeout)), False, [made])

    def delete(self, key, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(lambda: self._cache.delete(made), False, [made])

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._guarded(lambda: self._cache.get_many(key_map.keys()), {})
        return {key_map[made]: value for made, value in found.items()}

    def has_key(self, key, version=None):
        made = self.make_and_validate_key(key, version=version)
        return self._guarded(lambda: self._cache.has_key(made), False)

    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        missing = object()
        result = self._guarded(lambda: self._cache.incr(made, delta), missing, [made])
        if result is missing:  # Django's contract for a key the cache does not have
            raise ValueError(f"Key '{key}' not found (the Redis cache is unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        safe = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
        stored = self._guarded(
            lambda: self._cache.set_many(safe, self.get_backend_timeout(timeout)) or True, False, safe.keys()
        )
        return [] if stored else list(data)  # Django's contract: the keys that were not stored

    def delete_many(self, keys, version=None):
        if not keys:
            return
        safe = [self.make_and_validate_key(key, version=version) for key in keys]
        self._guarded(lambda: self._cache.delete_many(safe), None, safe)

    def clear(self):
        return self._guarded(self._cache.clear, False, None)
