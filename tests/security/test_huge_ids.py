"""An id past the database's integers, typed into an admin list's filter or an action's selection, is bad input:
a clear refusal (SQLite cannot bind it: 400) or simply nothing found (PostgreSQL), never a server error, and
nothing changes. The probe found both doors answering 500 on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import ReaderReport
from core.admin import NUMBER_TOO_LARGE_MESSAGE
from tests.factories import make_article, publish

HUGE = "99999999999999999999"


@pytest.fixture
def chief_client(client, staff):
    article = publish(make_article(actor=staff.author, slug="reported"), editor=staff.author, reviewer=staff.reviewer)
    ReaderReport.objects.create(article=article.article, kind="error", message="Out of date.", client_hash="x")
    client.force_login(staff.chief)
    return client


def test_a_list_filter_with_a_huge_id_is_refused_not_a_server_error(chief_client):
    response = chief_client.get(reverse("admin:editorial_revision_changelist"), {"article": HUGE})
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert NUMBER_TOO_LARGE_MESSAGE in response.content.decode()
    else:
        assert response.status_code == 200  # PostgreSQL compares the number and finds nothing


def test_an_action_on_a_huge_id_changes_nothing(chief_client):
    before = list(ReaderReport.objects.values_list("pk", "status"))
    response = chief_client.post(
        reverse("admin:articles_readerreport_changelist"),
        {"action": "mark_handled", "_selected_action": [HUGE], "index": "0"},
    )
    assert response.status_code in ((400,) if connection.vendor == "sqlite" else (200, 302))
    assert list(ReaderReport.objects.values_list("pk", "status")) == before
