"""A real primary and streaming replica: readers on the replica, staff on the primary, no page older than its token.

Two throwaway clusters of the test's own (``tests/pgcluster.py``): the primary, migrated and seeded with
the demo, and a replica made from it with ``pg_basebackup -R`` (streaming replication). gunicorn serves the
production settings with ``DATABASE_REPLICA_URL`` and Redis. The replica's replay is paused to make it lag.
"""

import time

import pytest

from pagecache.replica import PIN_COOKIE
from pagecache.stale import STALE_HEADER
from tests.pgcluster import AppServer, Browser, Cluster, app_env, django_json, manage, redis_server
from tests.security.htmlforms import scrape_form

PAGE = "/articles/calciphylaxis/for/healthcare-professional/"
UNDER_REVIEW_TEXT = "UNDER-REVIEW-TEXT"
pytestmark = pytest.mark.own_postgres


@pytest.fixture(scope="module")
def site():
    primary, replica = Cluster("primary"), Cluster("replica")
    try:
        primary.init().start()
        primary.sql("CREATE DATABASE vetted", database="postgres")
        replica.init_replica_of(primary).start()
        with redis_server() as redis_url:
            env = app_env(DATABASE_URL=primary.url(), DATABASE_REPLICA_URL=replica.url(), REDIS_URL=redis_url)
            manage(env, "collectstatic", "--noinput", "-v0")
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_demo")
            server = AppServer(env, workers=2)
            server.start()
            try:
                yield primary, replica, server, env
            finally:
                server.stop()
    finally:
        replica.remove()
        primary.remove()


def revision_state(cluster: Cluster, pk: int) -> str:
    return cluster.sql(f"SELECT state FROM editorial_revision WHERE id = {int(pk)}")


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.2)


def test_an_approval_never_caches_the_replicas_older_page_and_readers_use_the_replica(site):
    primary, replica, server, env = site
    pk = django_json(
        env,
        "import json; from editorial.models import Revision; "
        "print(json.dumps(Revision.objects.get(article__slug='calciphylaxis', state='under_review').pk))",
    )
    wait_for(lambda: revision_state(replica, pk) == "under_review")
    for path in (PAGE, "/"):
        status, _, body = server.get(path)
        assert status == 200
        assert UNDER_REVIEW_TEXT not in body

    # The replica lags: it stops replaying the primary's changes.
    replica.sql("SELECT pg_wal_replay_pause()")
    board = Browser(server.port)
    board.log_in("board", "demo-board-pass")
    _, _, page = board.request("GET", f"/admin/editorial/revision/{pk}/change/")
    decision = scrape_form(page, "workflow-form") | {"action": ["approve"], "comment": [""]}
    status, _, _ = board.request("POST", f"/admin/editorial/revision/{pk}/transition/", decision)
    assert status == 302
    assert board.cookies.get(PIN_COOKIE) == "1"  # read-your-writes, even after signing out
    assert revision_state(primary, pk) == "approved"
    assert revision_state(replica, pk) == "under_review"  # the old text is all the replica has

    # The token is new and the replica is behind it: pages are built on the primary, so neither a reader
    # now nor any later one (from either worker's cache) gets the old text under the new token.
    for _ in range(10):
        status, _, body = server.get(PAGE)
        assert status == 200
        assert UNDER_REVIEW_TEXT in body

    replica.sql("SELECT pg_wal_replay_resume()")
    wait_for(lambda: revision_state(replica, pk) == "approved")
    status, _, body = server.get(PAGE)
    assert UNDER_REVIEW_TEXT in body

    primary.stop()
    try:
        # Pages never built before come from the replica alone, fresh (not stale copies)...
        for path in ("/az/", "/az/c/"):
            status, headers, body = server.get(path)
            assert status == 200, body[:300]
            assert STALE_HEADER not in headers
        assert "calciphylaxis" in body.lower()  # the letter C's page lists it
        # ...while a browser pinned after its write, and staff, use the primary (down: 503, never a 500).
        status, _, _ = server.get("/board/", cookies={PIN_COOKIE: "1"})
        assert status == 503
        status, _, _ = board.request("GET", "/admin/")
        assert status == 503
    finally:
        primary.start()
    assert board.request("GET", "/admin/")[0] == 200
