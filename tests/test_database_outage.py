"""Readers and staff while PostgreSQL is stopped: cached pages served, a 503 with Retry-After, nothing typed lost.

A throwaway PostgreSQL cluster of the test's own (``tests/pgcluster.py``), migrated and seeded with the demo,
served by gunicorn with the production settings and Redis; the test stops and starts the real server.
"""

import pytest

from config.outage import NOTHING_SAVED
from pagecache.stale import STALE_HEADER
from tests.pgcluster import AppServer, Browser, Cluster, app_env, django_json, manage, redis_server
from tests.security.htmlforms import scrape_form

PAGE = "/articles/calciphylaxis/for/healthcare-professional/"
WARMED = [PAGE, "/articles/calciphylaxis/", "/"]
NEVER_VISITED = "/az/"
UNDER_REVIEW_TEXT = "UNDER-REVIEW-TEXT"
pytestmark = pytest.mark.own_postgres


@pytest.fixture(scope="module")
def site():
    postgres = Cluster("outage").init()
    postgres.start()
    try:
        postgres.sql("CREATE DATABASE vetted", database="postgres")
        with redis_server() as redis_url:
            env = app_env(DATABASE_URL=postgres.url(), REDIS_URL=redis_url)
            manage(env, "collectstatic", "--noinput", "-v0")
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_demo")
            server = AppServer(env)
            server.start()
            try:
                yield postgres, server, env
            finally:
                server.stop()
    finally:
        postgres.remove()


def get_until_ok(server: AppServer, path: str) -> tuple[int, dict, str]:
    """After the restart: no 5xx at all, and the page fresh again within a few tries."""
    for _ in range(20):
        status, headers, body = server.get(path)
        assert status == 200, body[:300]
        if STALE_HEADER not in headers:
            return status, headers, body
    raise AssertionError(f"{path} still stale after PostgreSQL came back")


def test_readers_get_stored_pages_or_a_503_while_postgresql_is_stopped(site):
    postgres, server, env = site
    for path in WARMED:
        assert server.get(path)[0] == 200
    # An approval retires the page (its token is renewed on commit); nobody builds it again before the stop.
    under_review = django_json(
        env,
        "import json; from editorial.models import Revision; "
        "print(json.dumps(Revision.objects.get(article__slug='calciphylaxis', state='under_review').pk))",
    )
    manage(env, "transition", str(under_review), "approve", "--as", "board")

    postgres.stop()
    try:
        # The retired page: its last stored copy (approved text, the one public before), never kept downstream.
        status, headers, body = server.get(PAGE)
        assert status == 200
        assert headers[STALE_HEADER] == "database unavailable"
        assert headers["Cache-Control"] == "no-store"
        assert "What is calciphylaxis?" in body
        assert UNDER_REVIEW_TEXT not in body
        for path in WARMED[1:]:
            assert server.get(path)[0] == 200

        # A page no process ever stored: a friendly 503, never a 500.
        status, headers, body = server.get(NEVER_VISITED)
        assert status == 503
        assert int(headers["Retry-After"]) > 0
        assert headers["Cache-Control"] == "no-store"
        assert "Back in a moment" in body

        # A worker started during the outage has an empty memory: the shared copy in Redis serves it.
        server.restart(ready_path=PAGE)
        status, headers, body = server.get(PAGE)
        assert status == 200
        assert STALE_HEADER in headers
    finally:
        postgres.start()

    # Back by itself (CONN_HEALTH_CHECKS): the approved revision, built afresh.
    _, _, body = get_until_ok(server, PAGE)
    assert UNDER_REVIEW_TEXT in body
    assert get_until_ok(server, NEVER_VISITED)[0] == 200


def test_a_staff_save_while_postgresql_is_stopped_saves_nothing_and_keeps_what_was_typed(site):
    postgres, server, env = site
    draft = django_json(
        env,
        "import json; from editorial.models import Revision; "
        "r = Revision.objects.get(article__slug='dialysis-basics', state='draft'); "
        "print(json.dumps([r.pk, r.version]))",
    )
    pk, version = draft
    editor = Browser(server.port)
    editor.log_in("editor", "demo-editor-pass")
    _, _, page = editor.request("GET", f"/admin/editorial/revision/{pk}/change/")
    typed = scrape_form(page, "revision_form") | {"title": ["What is dialysis? Typed while the database was down"]}
    typed["_save"] = ["Save"]
    visitor = Browser(server.port)
    _, _, login_page = visitor.request("GET", "/admin/login/")

    postgres.stop()
    try:
        status, headers, body = editor.request("POST", f"/admin/editorial/revision/{pk}/change/", typed)
        assert status == 503
        assert "Retry-After" in headers
        assert NOTHING_SAVED in body
        kept = scrape_form(body)  # the "Try again" form: every field as it was sent
        assert kept == typed

        # A sign-in during the outage: refused with 503, and the password is not written into the page.
        credentials = {"username": ["editor"], "password": ["demo-editor-pass"]}
        status, _, body = visitor.request("POST", "/admin/login/", scrape_form(login_page) | credentials)
        assert status == 503
        assert "demo-editor-pass" not in body
    finally:
        postgres.start()

    check = (
        "import json; from editorial.models import Revision; "
        "r = Revision.objects.get(pk=%d); print(json.dumps([r.title, r.version]))"
    )
    assert django_json(env, check % pk)[1] == version  # nothing was saved
    status, _, _ = editor.request("POST", f"/admin/editorial/revision/{pk}/change/", kept)  # "Try again"
    assert status == 302
    assert django_json(env, check % pk) == ["What is dialysis? Typed while the database was down", version + 1]
    manage(env, "check_integrity")
