"""Whole public pages from each process's memory, HTTP caching headers and conditional requests
(pagecache/http.py)."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import pagecache
from tests.factories import make_article, publish, publish_new_title

URL = "/articles/calciphylaxis/for/healthcare-professional/"


@pytest.fixture
def published(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def test_warm_article_page_does_no_queries(client, published, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert b"What is calciphylaxis?" in second.content


def test_bumping_the_render_version_makes_every_page_miss(client, published, settings):
    client.get(URL)
    settings.RENDER_VERSION += 1
    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    assert len(captured) >= 2  # article, then the sections: rendered again


def test_anonymous_page_is_publicly_cacheable_with_validators(client, published, settings):
    for response in (client.get(URL), client.get(URL)):  # fresh and from the page cache
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert f"max-age={settings.VETTED_CACHE_MAX_AGE}" in cache_control
        assert f"s-maxage={settings.VETTED_CACHE_S_MAXAGE}" in cache_control
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        assert "Cookie" not in response.get("Vary", "")


def test_etag_answers_304_from_the_page_cache_and_fresh(client, published):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    pagecache.invalidate_all()
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304


def test_if_modified_since_answers_304(client, published):
    last_modified = client.get(URL)["Last-Modified"]
    assert client.get(URL, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get("/", headers={"if-modified-since": client.get("/")["Last-Modified"]}).status_code == 304


def test_a_stale_etag_gets_the_new_page(client, staff, published, django_capture_on_commit_callbacks):
    etag = client.get(URL)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, published.article, "What causes calciphylaxis?")
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_staff_pages_are_private_and_never_served_from_the_page_cache(client, staff, published):
    anonymous = client.get(URL)
    client.force_login(staff.author)
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response
    assert response.content == anonymous.content  # same page, but rendered for them, not stored


def test_staff_page_is_not_stored_for_anonymous_readers(client, staff, published, django_assert_num_queries):
    client.force_login(staff.author)
    client.get(URL)
    client.logout()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert len(captured) >= 1  # a miss: the staff request stored nothing
    assert "public" in response["Cache-Control"]


def test_responses_that_vary_on_cookie_are_not_stored_under_their_path():
    calls = []

    @pagecache.public_page
    def remembers_audience(request):
        calls.append(1)
        response = HttpResponse(b"patient page")
        response["Vary"] = "Cookie"
        return response

    request = RequestFactory().get("/articles/x/")
    remembers_audience(request)
    remembers_audience(request)
    assert len(calls) == 2


def test_a_cookie_keyed_page_is_stored_per_value_of_that_cookie_only():
    """vary_on_cookie: the answer for each value of the named cookie is stored apart (none, patient, ...)."""
    calls = []

    @pagecache.public_page(vary_on_cookie="vetted_audience")
    def remembers_audience(request):
        calls.append(request.COOKIES.get("vetted_audience", ""))
        response = HttpResponse(f"page for {calls[-1] or 'the default audience'}".encode())
        response["Vary"] = "Cookie"
        return response

    factory = RequestFactory()
    plain = factory.get("/search/?q=calcium")
    patient = factory.get("/search/?q=calcium")
    patient.COOKIES["vetted_audience"] = "patient-or-caregiver"
    assert remembers_audience(plain).content == b"page for the default audience"
    assert remembers_audience(plain).content == b"page for the default audience"
    assert remembers_audience(patient).content == b"page for patient-or-caregiver"
    assert remembers_audience(patient).content == b"page for patient-or-caregiver"
    assert calls == ["", "patient-or-caregiver"]  # each value rendered once, then served from memory


def test_the_search_page_without_for_is_served_warm_and_a_remembered_audience_still_redirects(
    client, published, django_assert_num_queries
):
    first = client.get("/search/", {"q": "calciphylaxis"})
    assert first.status_code == 200 and b"What is calciphylaxis?" in first.content
    with django_assert_num_queries(0):
        second = client.get("/search/", {"q": "calciphylaxis"})
    assert second.content == first.content
    client.cookies["vetted_audience"] = "patient-or-caregiver"
    remembered = client.get("/search/", {"q": "calciphylaxis"})
    assert remembered.status_code == 302 and "for=patient-or-caregiver" in remembered["Location"]


def test_private_page_decorator_marks_previews_uncacheable():
    @pagecache.private_page
    def preview(request):
        return HttpResponse(b"draft")

    response = preview(RequestFactory().get("/preview/"))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
