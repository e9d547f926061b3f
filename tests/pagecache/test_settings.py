"""The CACHES setting built by pagecache.settings.cache_aliases."""

from django.utils.module_loading import import_string

from pagecache.backends import FailOpenRedisCache
from pagecache.settings import FAIL_OPEN_REDIS_BACKEND, FILE_BACKEND, cache_aliases

SIZES = {"token_dir": "/srv/tokens", "page_entries": 10, "local_entries": 20}


def test_with_redis_the_rendered_revisions_and_the_tokens_share_one_fail_open_redis():
    caches = cache_aliases(redis_url="redis://cache:6379/0", **SIZES)
    assert caches["default"] == {"BACKEND": FAIL_OPEN_REDIS_BACKEND, "LOCATION": "redis://cache:6379/0"}
    assert caches["tokens"] == caches["default"]
    assert caches["pages"]["BACKEND"].endswith("LocMemCache")
    assert caches["pages"]["OPTIONS"] == {"MAX_ENTRIES": 10}


def test_without_redis_the_tokens_live_in_files_on_the_host():
    caches = cache_aliases(redis_url="", **SIZES)
    assert caches["default"]["BACKEND"].endswith("LocMemCache")
    assert caches["default"]["OPTIONS"] == {"MAX_ENTRIES": 20}
    assert caches["tokens"] == {"BACKEND": FILE_BACKEND, "LOCATION": "/srv/tokens"}
    assert caches["pages"]["OPTIONS"] == {"MAX_ENTRIES": 10}


def test_disabled_every_alias_is_a_dummy_cache():
    for redis_url in ("", "redis://cache:6379/0"):
        caches = cache_aliases(redis_url=redis_url, disabled=True, **SIZES)
        assert set(caches) == {"default", "pages", "tokens"}
        assert {alias["BACKEND"] for alias in caches.values()} == {"django.core.cache.backends.dummy.DummyCache"}


def test_the_fail_open_backend_path_names_the_backend():
    assert import_string(FAIL_OPEN_REDIS_BACKEND) is FailOpenRedisCache
