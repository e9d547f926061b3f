from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article, Audience
from tests.factories import clear_caches

UNDER_REVIEW_MARKER = "UNDER-REVIEW-TEXT"


def load_demo() -> SimpleNamespace:
    call_command("seed_demo", stdout=StringIO())
    return SimpleNamespace(
        calciphylaxis=Article.objects.get(slug="calciphylaxis"),
        audiences={audience.slug: audience for audience in Audience.objects.all()},
    )


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """seed_demo once per module, inside a transaction rolled back at the end (each test nests a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    """The demo site (seed_demo): the calciphylaxis article is approved, and its update is Under Review."""
    return SimpleNamespace(
        calciphylaxis=Article.objects.get(slug="calciphylaxis"),
        audiences={audience.slug: audience for audience in Audience.objects.all()},
    )


@pytest.fixture(autouse=True)
def clear_cache():
    """Throttle counters and cached pages live in the cache; each test starts with none."""
    clear_caches()
    yield
    clear_caches()
