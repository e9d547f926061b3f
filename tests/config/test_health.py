import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "page tokens": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_shared_page_tokens_cannot_be_written(client, db, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the token directory should be")
    settings.CACHES = {
        **settings.CACHES,
        "tokens": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(blocked)},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["page tokens"].startswith("error")


def test_healthz_answers_503_when_the_cache_does_not_keep_values(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] != "ok"


def test_bench_view_is_off_unless_enabled(client, db):
    assert client.get("/bench/trivial/").status_code == 404


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-the-deploy-check-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "vetted.example.org",
    "VETTED_SITE_URL": "https://vetted.example.org",
    "PATH": "/usr/bin:/bin",
}


@pytest.mark.parametrize("redis", [False, True], ids=["locmem", "redis-url"])
def test_check_deploy_is_clean_with_production_environment(redis):
    env = dict(PRODUCTION_ENV)
    if redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6399/0"  # only configured, not contacted
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
