"""The redis-server fixture of the page-cache tests: a real server on a loopback port, the caches pointed at it."""

import shutil
import socket

import pytest
from django.core.cache import caches

from pagecache import watch
from tests.pagecache.support import LOCATION, PORT, RETRY_SECONDS, RedisServer


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
