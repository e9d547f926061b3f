"""Round trips on PostgreSQL (branch pgcold): a cold public page and the API's list and detail make one, the
connection health check asks the socket instead of the server, and a worker whose connection the server ended
still reconnects by itself; the audiences memo is retired on every server by an edit on one."""

import secrets
import tempfile
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.signals import request_started
from django.db import close_old_connections, connection
from django.test import Client

from articles.models import Audience
from config.postgresql.base import server_has_spoken
from tests.factories import clear_caches, make_article, publish
from tests.pagecache.test_pgcold_memo import change_form
from tests.test_multi_server import http, redis_url, running_servers, shared_cache  # noqa: F401, F811 - fixtures

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAGE = "/articles/calciphylaxis/for/healthcare-professional/"
COLD_PATHS = [
    PAGE,
    "/articles/calciphylaxis/",
    "/api/v1/articles/?page_size=20",
    "/api/v1/articles/calciphylaxis/?audience=patient-or-caregiver",
]
LISTINGS = ["/", "/search/?q=calcium"]  # one round trip once the process has read the audiences and letters


def round_trips(client: Client, path: str) -> tuple[int, list[str]]:
    """The response's status and the messages this process sent to PostgreSQL that wait for an answer (a
    simple ``Query`` or an extended query's ``Sync``), from libpq's protocol trace."""
    connection.ensure_connection()
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            close_old_connections()  # what a server does as each request starts (the test client does not)
            status = client.get(path).status_code
        finally:
            connection.connection.pgconn.untrace()
        trace.seek(0)
        sent = [line.split("\t") for line in trace.read().decode().splitlines()]
    waiting = {"Query", "Sync"}
    # (a message that spans lines, such as a query with line breaks, continues on lines of fewer fields)
    messages = [fields for fields in sent if len(fields) > 3]  # a query's line breaks continue on short lines
    return status, [" ".join(fields[3:])[:60] for fields in messages if fields[1] == "F" and fields[3] in waiting]


@pytest.fixture
def own_tokens(settings, tmp_path):
    """Page tokens in this test's own directory: another test run on this host cannot renew them meanwhile."""
    location = str(tmp_path / "page-tokens")
    settings.CACHES = {**settings.CACHES, "tokens": {**settings.CACHES["tokens"], "LOCATION": location}}


def test_a_cold_page_and_the_api_make_one_round_trip(staff, own_tokens):
    publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client = Client()
    for path in COLD_PATHS + LISTINGS:
        client.get(path)  # the stored rendering is written on the first view
    for path in COLD_PATHS:
        clear_caches()  # the page cache is cold, and the audiences memo with it
        status, sent = round_trips(client, path)
        assert status == 200, path
        assert len(sent) == 1, (path, sent)  # the page's query: no SELECT 1 before it, no audiences after it
    for path in LISTINGS:
        client.get(path)  # this process reads the audiences and the letter counts under the current tokens
    for path in COLD_PATHS + LISTINGS:
        caches["pages"].clear()  # a page this worker has not stored yet, the site-wide values read already
        status, sent = round_trips(client, path)
        assert status == 200, path
        assert len(sent) == 1, (path, sent)


def test_a_healthy_idle_connection_has_nothing_to_say(db):
    connection.ensure_connection()
    assert not server_has_spoken(connection.connection)


def test_a_worker_reconnects_after_the_server_ended_its_connection(staff):
    publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client = Client()
    assert client.get(PAGE).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        old_pid = cursor.fetchone()[0]
    # Another session ends ours, as a restart would (the server sends FATAL 57P01 and closes the socket).
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    other.close()
    deadline = time.monotonic() + 5
    while not server_has_spoken(connection.connection) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server_has_spoken(connection.connection)

    clear_caches()
    request_started.send(sender=None)  # what Django does before each request: the health check is due again
    assert client.get(PAGE).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def test_an_audience_edit_on_server_a_is_seen_by_server_b_on_the_next_request(staff, shared_cache):  # noqa: F811
    """Server B keeps the audiences in each worker's memory; the edit on server A renews the site-wide token
    through Redis, and B's next answer lists the new choices. A 400 is never stored by the page cache: what B
    answers comes from its memo."""
    publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    with running_servers(count=2, workers=2, REDIS_URL=shared_cache) as (server_a, server_b):
        unknown = "/api/v1/articles/?audience=nobody"
        for _ in range(4):  # both workers of B read the audiences
            status, body = http(server_b + unknown)
            assert status == 400
            assert "patient-or-caregiver" in body

        # The editor-in-chief renames it in server A's admin (which renews the token on commit and tells Redis).
        patient = Audience.objects.get(slug="patient-or-caregiver")
        client = Client()
        client.force_login(staff.chief)
        csrf = secrets.token_hex(16)
        status, _ = http(
            f"{server_a}/admin/articles/audience/{patient.pk}/change/",
            data={**change_form(patient, slug="patients"), "csrfmiddlewaretoken": csrf},
            cookies={
                django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                django_settings.CSRF_COOKIE_NAME: csrf,
            },
        )
        assert status == 302
        assert Audience.objects.filter(slug="patients").exists()

        for _ in range(4):
            status, body = http(server_b + unknown)
            assert status == 400
            assert "patients" in body
            assert "patient-or-caregiver" not in body
