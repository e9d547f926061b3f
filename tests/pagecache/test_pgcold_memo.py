"""The site-wide memo (``pagecache.site_memo``): the audiences are read once per process, and an edit through the
admin is seen on the next request, because the edit renews the site-wide token that the memo is kept under."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction

from articles import selectors
from articles.models import Audience
from pagecache import site_memo
from pagecache.settings import DUMMY_BACKEND
from tests.factories import make_article, publish

# Committed transactions, as in production: the memo is neither read nor kept inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


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


def test_audiences_are_read_once_until_an_admin_edit_renews_the_site_token(staff, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = selectors.audiences()
    with django_assert_num_queries(0):
        assert [a.label for a in selectors.audiences()] == [a.label for a in first]

    patient = Audience.objects.get(slug="patient-or-caregiver")
    edit_through_the_admin(client, staff.chief, patient, label="Patients and carers")  # renews on commit

    with django_assert_num_queries(1):
        labels = [a.label for a in selectors.audiences()]
    assert "Patients and carers" in labels
    assert patient.label not in labels


def test_letter_counts_are_read_once_until_an_approval_renews_the_listings(staff, django_assert_num_queries):
    publish(make_article(actor=staff.author, slug="burns", title="How are burns treated?"), **roles(staff))
    with django_assert_num_queries(1):
        assert selectors.a_to_z_letters() == [("B", 1)]
    with django_assert_num_queries(0):
        assert selectors.a_to_z_letters() == [("B", 1)]
    publish(make_article(actor=staff.author, slug="anaemia", title="What is anaemia?"), **roles(staff))
    assert selectors.a_to_z_letters() == [("A", 1), ("B", 1)]


def test_inside_a_transaction_the_memo_is_neither_read_nor_kept(staff, django_assert_num_queries):
    selectors.audiences()
    with transaction.atomic():
        student = Audience.objects.get(slug="student")
        student.label = "Students"
        student.save()  # not committed yet
        with django_assert_num_queries(1):
            assert "Students" in [a.label for a in selectors.audiences()]
        transaction.set_rollback(True)
    assert "Students" not in [a.label for a in selectors.audiences()]


def roles(staff) -> dict:
    return {"editor": staff.author, "reviewer": staff.reviewer}


def test_callers_get_their_own_list(staff):
    first = selectors.audiences()
    first.clear()  # a caller that changes its list changes nobody else's
    assert selectors.audiences()


def test_without_a_token_store_nothing_is_kept(staff, settings, django_assert_num_queries):
    """Caches disabled (how `make bench` measures "caches cleared"): every token is new, so every call reads."""
    settings.CACHES = {alias: {"BACKEND": DUMMY_BACKEND} for alias in settings.CACHES}
    assert isinstance(caches["tokens"], DummyCache)
    for _ in range(2):
        with django_assert_num_queries(1):
            selectors.audiences()


def test_a_value_is_never_kept_under_a_newer_token_than_itself(staff):
    """The token is read before the value: a change renewing the token meanwhile is read again next time."""
    from pagecache import invalidate_all

    calls = []

    def build():
        calls.append(1)
        invalidate_all()  # the token changes while the value is being read
        return len(calls)

    assert site_memo("test-race", build) == 1
    assert site_memo("test-race", build) == 2  # kept under the old token: read again
