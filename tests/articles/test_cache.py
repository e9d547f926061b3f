"""Under Django's cache middleware, each audience gets its own page, whatever was cached before."""

import pytest
from django.test import override_settings
from django.urls import reverse

from articles.views import AUDIENCE_COOKIE

CACHE_MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
]

PATIENT_WORDS = "Calcium builds up inside tiny blood vessels"
CLINICIAN_WORDS = "calcific uremic arteriolopathy"


@pytest.fixture
def cached_site(settings):
    with override_settings(
        MIDDLEWARE=CACHE_MIDDLEWARE,
        CACHE_MIDDLEWARE_SECONDS=600,
        CACHE_MIDDLEWARE_KEY_PREFIX="test-reader",
    ):
        yield


def test_patient_then_clinician_each_get_their_own_text(client, demo, cached_site):
    patient = client.get(reverse("articles:for_audience", args=["calciphylaxis", "patient-or-caregiver"]))
    clinician = client.get(reverse("articles:for_audience", args=["calciphylaxis", "healthcare-professional"]))
    assert PATIENT_WORDS in patient.content.decode() and CLINICIAN_WORDS not in patient.content.decode()
    assert CLINICIAN_WORDS in clinician.content.decode() and PATIENT_WORDS not in clinician.content.decode()
    # Served again from the cache: still each its own.
    again = client.get(reverse("articles:for_audience", args=["calciphylaxis", "patient-or-caregiver"]))
    assert PATIENT_WORDS in again.content.decode()


def test_cached_default_page_is_never_given_to_a_reader_who_chose_patient(client, demo, cached_site):
    url = reverse("articles:detail", args=["calciphylaxis"])
    first = client.get(url)  # a new reader: the default (clinician) page, now in the cache
    assert CLINICIAN_WORDS in first.content.decode()
    client.cookies[AUDIENCE_COOKIE] = "patient-or-caregiver"
    patient = client.get(url, follow=True)
    assert PATIENT_WORDS in patient.content.decode()
    assert CLINICIAN_WORDS not in patient.content.decode()


def test_cached_patient_redirect_is_never_given_to_a_new_reader(client, demo, cached_site):
    url = reverse("articles:detail", args=["calciphylaxis"])
    client.cookies[AUDIENCE_COOKIE] = "patient-or-caregiver"
    assert client.get(url).status_code == 302
    client.cookies.clear()
    new_reader = client.get(url)
    assert new_reader.status_code == 200
    assert CLINICIAN_WORDS in new_reader.content.decode()
