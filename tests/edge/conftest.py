"""A throwaway Vetted site behind real servers: its own SQLite database (the demo), gunicorn, Varnish and the
task worker, each a separate process started on loopback (soak/edge_servers.py).

The site is built once per session (migrate and seed_demo take most of a minute on the shared machines);
each test takes a different demo article so that none depends on another's decisions.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from soak.edge_servers import ROOT, Varnish, free_port, varnish_installed, wait_for_port

SECRET = "edge-tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class Site:
    env: dict[str, str]
    database: Path
    proxy_port: int  # where the site purges: the tests' Varnish listens here

    def manage(self, *args: str, **extra_env: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def rows(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=30) as connection:
            return connection.execute(sql, params).fetchall()

    def revision(self, slug: str, state: str) -> str:
        """The id of the demo article's revision in ``state`` (ids change whenever the demo grows)."""
        [(pk,)] = self.rows(
            "SELECT revision.id FROM editorial_revision AS revision JOIN articles_article AS article"
            " ON article.id = revision.article_id WHERE article.slug = ? AND revision.state = ?",
            slug,
            state,
        )
        return str(pk)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The demo in a database of its own, production settings (what `make serve` runs)."""
    directory = tmp_path_factory.mktemp("edge-site")
    database = directory / "db.sqlite3"
    proxy_port = free_port()
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "VETTED_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE": "0",
        "VETTED_TOKEN_DIR": str(directory / "page-tokens"),  # the servers' and the commands' shared tokens
        "DJANGO_EMAIL_FILE_PATH": str(directory / "mail"),
        # Purged on every decision, so the proxy may keep anonymous pages a day (s-maxage).
        "VETTED_PURGER": "varnish-ban",
        "VETTED_PURGE_URLS": f"http://127.0.0.1:{proxy_port}",
    }
    site = Site(env=env, database=database, proxy_port=proxy_port)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        site.manage(*command)
    return site


@pytest.fixture(scope="session")
def varnishd():
    """Missing in CI is a failure (.ci/run installs Debian's varnish); on a developer's machine, a skip."""
    if not varnish_installed():
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing: .ci/run installs Debian's varnish")
        pytest.skip("needs Debian's varnish (.ci/run installs it)")


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
            + ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, "gunicorn", timeout=60)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def app_server(site):
    server = Gunicorn(site.env)
    yield server
    server.stop()


@pytest.fixture
def proxy(varnishd, site, app_server):
    """Varnish with the repository's VCL in front of the app server; emptied with each test."""
    varnish = Varnish([app_server.port], port=site.proxy_port)
    varnish.start()
    yield varnish
    varnish.stop()


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]

    def from_cache(self) -> bool:
        """Varnish names two transactions in X-Varnish on a hit (this one and the one that stored it)."""
        return len(self.headers.get("X-Varnish", "").split()) == 2


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, cookie: str = "") -> Answer:
    """One GET, redirects not followed (a redirect is an answer the proxy may or may not keep)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - loopback
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return Answer(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), dict(error.headers))


def seconds_until(condition, bound: float = 10.0) -> float | None:
    """Poll ``condition`` until it holds: the seconds it took, or None when ``bound`` passed first."""
    started = time.monotonic()
    while time.monotonic() - started < bound:
        if condition():
            return time.monotonic() - started
        time.sleep(0.02)
    return None
