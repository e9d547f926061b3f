"""Reloading a revision from the database is safe while other threads of the same process do it too.

django-fsm-2 lifts the state field's protection on the field object (shared by the whole process)
while it refreshes an instance, and puts it back afterwards. Two threads refreshing at once (gunicorn's
threaded workers, an editor's save while a board member saves) interleave: one puts the protection
back while the other is mid-refresh, which then fails with "Direct state modification is not
allowed". `make soak` met it as a 500 on an editor's draft save (the admin reloads the revision after
``revision_edit``).
"""

import threading

import pytest
from django.db import connection

from editorial.models import Revision
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4
REFRESHES = 150


def test_revisions_refresh_in_several_threads_at_once(staff):
    pk = make_article(actor=staff.author).pk
    barrier = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def refresh_many():
        try:
            revision = Revision.objects.get(pk=pk)
            barrier.wait(timeout=10)
            for _ in range(REFRESHES):
                revision.refresh_from_db()
        except Exception as error:  # noqa: BLE001 - the outcome is what we test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh_many) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Revision._meta.get_field("state").protected  # the protection is back on afterwards


def test_the_state_field_stays_protected_against_direct_assignment(staff):
    revision = make_article(actor=staff.author)
    revision.refresh_from_db()
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        revision.state = "approved"
