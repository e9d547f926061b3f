"""The 503 a request gets while the database does not answer (config/outage.py); the real outage, with a
stopped PostgreSQL, is tests/test_database_outage.py."""

from django.db import InterfaceError, OperationalError, ProgrammingError

from config.outage import NOTHING_SAVED, server_error
from tests.security.htmlforms import scrape_form


def answer_to(error: Exception, request):
    """What Django's handler500 answers while ``error`` is being handled."""
    try:
        raise error
    except Exception:  # noqa: BLE001 - handler500 runs inside Django's own except block
        return server_error(request)


def test_a_reader_gets_a_friendly_503_with_retry_after_built_without_the_database(
    rf, settings, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = answer_to(OperationalError("connection refused"), rf.get("/az/"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.VETTED_OUTAGE_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert b"Back in a moment" in response.content


def test_a_staff_write_saves_nothing_and_gets_back_everything_typed_but_passwords(rf):
    typed = {
        "title": ['What is "gout"? <b>bold</b>'],
        "sections-0-body": ["Line one\nLine two"],
        "reviewers": ["3", "4"],
        "csrfmiddlewaretoken": ["the-token"],
        "password": ["hunter2-hunter2"],
    }
    request = rf.post("/admin/editorial/revision/7/change/", typed)
    response = answer_to(InterfaceError("connection already closed"), request)
    body = response.content.decode()
    assert response.status_code == 503
    assert NOTHING_SAVED in body
    assert scrape_form(body) == {name: values for name, values in typed.items() if name != "password"}
    assert "hunter2" not in body
    assert "<b>bold</b>" not in body  # escaped, shown as text
    assert 'action="/admin/editorial/revision/7/change/"' in body


def test_any_other_error_is_still_a_500(rf):
    assert answer_to(ProgrammingError("no such column"), rf.get("/")).status_code == 500
