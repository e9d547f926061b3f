"""Stale copies served while the database does not answer (pagecache/stale.py, through ``public_page``).
The real outage, with a stopped PostgreSQL and gunicorn, is tests/test_database_outage.py."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

import pagecache
from pagecache.stale import STALE_HEADER

database = {"up": True, "builds": 0}


@pagecache.public_page
def listing(request):
    """A public view whose database can be switched off (it raises what Django raises then)."""
    if not database["up"]:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    database["builds"] += 1
    return HttpResponse(f"build {database['builds']}")


@pytest.fixture(autouse=True)
def _database_up():
    database.update(up=True, builds=0)
    yield
    database["up"] = True


def get(path: str):
    return listing(RequestFactory().get(path))


def test_a_retired_page_is_served_stale_while_the_database_is_down_and_never_kept_downstream():
    assert get("/az/").content == b"build 1"
    pagecache.invalidate_all()  # a change retired it
    database["up"] = False
    response = get("/az/")
    assert response.status_code == 200
    assert response.content == b"build 1"
    assert response[STALE_HEADER] == "database unavailable"
    assert response["Cache-Control"] == "no-store"
    database["up"] = True
    assert get("/az/").content == b"build 2"  # back: built again, fresh


def test_a_page_never_stored_lets_the_error_through_to_the_503():
    database["up"] = False
    with pytest.raises(OperationalError):
        get("/never/")


def test_a_worker_without_the_page_in_memory_finds_the_shared_copy(settings):
    settings.VETTED_STALE_SHARED = True
    get("/az/")
    caches["pages"].clear()  # another worker, or this one restarted
    database["up"] = False
    assert get("/az/").content == b"build 1"
    settings.VETTED_STALE_SHARED = False
    with pytest.raises(OperationalError):
        get("/az/")
