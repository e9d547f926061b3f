"""The site-wide memo (``pagecache.site_memo``): the audiences are read once per process, and an edit through the
admin is seen on the next request, because the edit renews the site-wide token that the memo is kept under."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache

from articles import selectors
from articles.models import Audience
from pagecache import site_memo
from pagecache.settings import DUMMY_BACKEND

pytestmark = pytest.mark.django_db


def change_form(audience: Audience, **changes) -> dict:
    """The audience's admin change form as saved with ``changes``."""
    return {
        "label": audience.label,
        "slug": audience.slug,
        "description": audience.description,
        "register": audience.register,
        "ordering": audience.ordering,
        "disclaimer_title": audience.disclaimer_title,
        "disclaimer": audience.disclaimer,
        "schema_audience_type": audience.schema_audience_type,
        **({"is_default": "on"} if audience.is_default else {}),
        **changes,
    }


def edit_through_the_admin(client, user, audience: Audience, **changes) -> None:
    """Save the audience's change form as the editor-in-chief would (the admin renews the tokens on commit)."""
    client.force_login(user)
    fields = change_form(audience, **changes)
    response = client.post(f"/admin/articles/audience/{audience.pk}/change/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_audiences_are_read_once_until_an_admin_edit_renews_the_site_token(
    staff, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_num_queries(1):
        first = selectors.audiences()
    with django_assert_num_queries(0):
        assert [a.label for a in selectors.audiences()] == [a.label for a in first]

    patient = Audience.objects.get(slug="patient-or-caregiver")
    with django_capture_on_commit_callbacks(execute=True):
        edit_through_the_admin(client, staff.chief, patient, label="Patients and carers")

    with django_assert_num_queries(1):
        labels = [a.label for a in selectors.audiences()]
    assert "Patients and carers" in labels
    assert patient.label not in labels


def test_callers_get_their_own_list(db):
    first = selectors.audiences()
    first.clear()  # a caller that changes its list changes nobody else's
    assert selectors.audiences()


def test_without_a_token_store_nothing_is_kept(settings, django_assert_num_queries):
    """Caches disabled (how `make bench` measures "caches cleared"): every token is new, so every call reads."""
    settings.CACHES = {alias: {"BACKEND": DUMMY_BACKEND} for alias in settings.CACHES}
    assert isinstance(caches["tokens"], DummyCache)
    for _ in range(2):
        with django_assert_num_queries(1):
            selectors.audiences()


def test_a_value_is_never_kept_under_a_newer_token_than_itself(db):
    """The token is read before the value: a change renewing the token meanwhile is read again next time."""
    from pagecache import invalidate_all

    calls = []

    def build():
        calls.append(1)
        invalidate_all()  # the token changes while the value is being read
        return len(calls)

    assert site_memo("test-race", build) == 1
    assert site_memo("test-race", build) == 2  # kept under the old token: read again
