"""Two app servers, one PostgreSQL, one Redis: a revision approved on one is served by the other next.

Starts its own redis-server and two gunicorn processes on loopback with the production settings
(DJANGO_DEBUG=0, REDIS_URL), pointed at pytest-django's test database. The approval goes through
server A's admin over HTTP as a logged-in board member; reads go to server B, whose first read was
cached in the shared Redis.
"""

import concurrent.futures
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from editorial import services
from editorial.models import Revision
from editorial.rules import State
from tests.factories import make_article, publish

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout} seconds")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(url: str, *, data: dict | None = None, cookies: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 - loopback only
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def redis_url():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (.ci/run installs it from Debian's packages)")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def shared_cache(settings, redis_url):
    """This test process uses the same Redis as the servers (services invalidate through it)."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "default": redis, "tokens": redis}
    settings.VETTED_TOKENS_PER_ARTICLE = True  # as with REDIS_URL
    return redis_url


@contextlib.contextmanager
def running_servers(*, count: int, workers: int, **extra_env: str):
    """``count`` gunicorn servers of ``workers`` processes each, production settings, on the test database."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if db.get("PASSWORD"):
        database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,  # so server A accepts this process's session
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_CONN_MAX_AGE": "0",
        **extra_env,
    }
    # Production serves hashed static files from the manifest that collectstatic writes.
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    processes, urls = [], []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(f"{url}/healthz", process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=15)


@pytest.fixture
def servers(shared_cache):
    with running_servers(count=2, workers=1, REDIS_URL=shared_cache) as urls:
        yield urls


@pytest.fixture
def one_server_two_workers(settings, tmp_path):
    """`make serve` without Redis: one server, two worker processes, page tokens in files on the host."""
    token_dir = str(tmp_path / "page-tokens")
    settings.CACHES = {
        **settings.CACHES,
        "tokens": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": token_dir},
    }
    with running_servers(count=1, workers=2, VETTED_TOKEN_DIR=token_dir) as urls:
        yield urls[0]


def test_approval_on_server_a_is_served_by_server_b_on_the_next_request(staff, servers):
    server_a, server_b = servers
    published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    page = "/articles/calciphylaxis/for/healthcare-professional/"

    status, body = http(server_b + page)
    assert status == 200
    assert "What is calciphylaxis?" in body
    status, body = http(server_b + page)  # now from the shared page cache
    assert "What is calciphylaxis?" in body

    draft = services.revision_start_new(actor=staff.second_editor, article=published.article)
    draft = services.revision_edit(
        actor=staff.second_editor, revision=draft, expected_version=draft.version, title="What causes calciphylaxis?"
    )
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft)

    # A board member approves on server A, through the admin's workflow button.
    client = Client()
    client.force_login(staff.reviewer)
    csrf = secrets.token_hex(16)
    status, _ = http(
        f"{server_a}/admin/editorial/revision/{draft.pk}/transition/",
        data={"action": "approve", "expected_version": draft.version, "csrfmiddlewaretoken": csrf, "comment": ""},
        cookies={
            django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            django_settings.CSRF_COOKIE_NAME: csrf,
        },
    )
    assert status == 302
    assert Revision.objects.get(pk=draft.pk).state == State.APPROVED

    status, body = http(server_b + page)
    assert status == 200
    assert "What causes calciphylaxis?" in body
    assert "What is calciphylaxis?" not in body


def new_title_approved(staff, article, title: str) -> None:
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    draft = services.revision_edit(
        actor=staff.second_editor, revision=draft, expected_version=draft.version, title=title
    )
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft)
    services.revision_approve(actor=staff.reviewer, revision=draft, expected_version=draft.version)


def test_every_worker_process_serves_the_approved_revision_on_the_next_request(staff, one_server_two_workers):
    """Each worker keeps pages in its own memory; the tokens they share say when those pages are old."""
    published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    page = f"{one_server_two_workers}/articles/calciphylaxis/for/healthcare-professional/"
    # Concurrent requests, so that both workers (one request at a time each) cache the page.
    assert all("What is calciphylaxis?" in body for body in concurrent_bodies(page))

    new_title_approved(staff, published.article, "What causes calciphylaxis?")  # invalidates on commit

    assert all("What causes calciphylaxis?" in body for body in concurrent_bodies(page))


def concurrent_bodies(url: str, requests: int = 40, clients: int = 8) -> list[str]:
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        return [body for _, body in pool.map(lambda _: http(url), range(requests))]
