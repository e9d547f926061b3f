"""The purge outbox and the surrogate keys, in this process (the real Varnish is in test_varnish.py).

A purger is configured against a loopback port nothing listens on, so every purge fails for real: the
decision must commit regardless, and the outbox row must say why and when it is tried again.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles.models import PurgeRequest
from articles.purges import send_due_purges
from editorial import services
from soak.edge_servers import free_port
from tests.factories import make_article, publish, publish_new_title

URL = "/articles/calciphylaxis/for/healthcare-professional/"


@pytest.fixture
def purging(settings):
    settings.VETTED_PURGER = "varnish-ban"
    settings.VETTED_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]  # refused: nothing listens there
    settings.VETTED_PURGE_TIMEOUT = 1.0


def test_public_answers_carry_their_surrogate_keys_and_staff_answers_none(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert client.get(URL)["Surrogate-Key"] == "site article-calciphylaxis"
    assert client.get(URL)["Surrogate-Key"] == "site article-calciphylaxis"  # from the page cache too
    assert client.get("/")["Surrogate-Key"] == "site listings"
    assert client.get("/articles/no-such-article/for/healthcare-professional/")["Surrogate-Key"] == (
        "site article-no-such-article"
    )
    staff_client = Client()
    staff_client.force_login(staff.author)
    assert "Surrogate-Key" not in staff_client.get(URL)


def test_an_approval_queues_its_purge_in_its_transaction_and_a_refused_purge_never_blocks_it(
    staff, purging, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    PurgeRequest.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, published.article, "What causes calciphylaxis?")
    approval = PurgeRequest.objects.order_by("pk").last()
    assert approval.keys == "article-calciphylaxis listings"
    published.article.refresh_from_db()
    assert published.article.published_revision.title == "What causes calciphylaxis?"  # committed regardless
    assert approval.attempts == 1 and approval.done_at is None
    assert "ConnectionRefusedError" in approval.last_error
    assert approval.next_attempt_at > timezone.now()  # backoff: not due again at once
    assert send_due_purges() == (0, 0)


def test_a_rolled_back_decision_leaves_no_purge(staff, purging):
    draft = make_article(actor=staff.author)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.revision_submit(actor=staff.author, revision=draft)
        raise RuntimeError("the request failed after the step")
    assert not PurgeRequest.objects.exists()


def test_without_a_purger_nothing_is_queued_and_pages_are_kept_five_minutes(client, staff, settings):
    assert settings.VETTED_PURGER == "none"
    publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert not PurgeRequest.objects.exists()
    assert "s-maxage=300" in client.get(URL)["Cache-Control"]


def test_an_audience_edit_purges_every_page(staff, purging, django_capture_on_commit_callbacks):
    admin = Client()
    admin.force_login(staff.superuser)
    from articles.models import Audience

    audience = Audience.objects.order_by("pk").first()
    response = admin.get(f"/admin/articles/audience/{audience.pk}/change/")
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        form = {
            "label": audience.label, "slug": audience.slug, "description": audience.description,
            "register": audience.register, "is_default": "on" if audience.is_default else "",
            "ordering": audience.ordering, "disclaimer_title": audience.disclaimer_title,
            "disclaimer": audience.disclaimer + " Edited.", "schema_audience_type": audience.schema_audience_type,
        }  # fmt: skip
        response = admin.post(f"/admin/articles/audience/{audience.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    assert list(PurgeRequest.objects.values_list("keys", flat=True)) == ["site"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/articles/%0C%C4%80/", "/api/v1/articles/two%20words/"])
def test_an_address_no_slug_can_have_is_keyed_with_the_listings_never_with_its_text(client, path):
    # Found by the API's contract test: a form feed where a slug goes reached the Surrogate-Key header (a 500).
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Surrogate-Key"] == "site listings"
