"""Admin changelists whose cost does not grow with the tables: estimated counts, fixed filter choices."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ReaderReport
from core import pagination
from core.pagination import EstimatedCountPaginator, estimated_row_count, is_whole_table
from editorial.models import Revision, TransitionRecord
from editorial.rules import IN_REVIEW_STATES


def counts_in(captured) -> list[str]:
    return [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


def test_whole_table_is_told_from_a_filtered_list(db):
    assert is_whole_table(Revision.objects.select_related("article").order_by("-updated_at"))
    assert not is_whole_table(Revision.objects.filter(state__in=IN_REVIEW_STATES))
    assert not is_whole_table(Article.objects.filter(slug__icontains="corpus"))


def test_paginator_counts_exactly_off_postgresql_or_below_the_threshold(db):
    call_command("generate_corpus", articles=5, quiet=True)
    paginator = EstimatedCountPaginator(Revision.objects.order_by("pk"), 2)
    assert paginator.count == Revision.objects.count()
    assert not paginator.estimated


@pytest.mark.postgres
def test_paginator_reads_postgresqls_estimate_for_a_large_whole_table(db, monkeypatch):
    call_command("generate_corpus", articles=20, quiet=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE editorial_revision")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 10)  # "large" for this test's small table
    estimate = estimated_row_count(Revision)
    assert estimate == Revision.objects.count()  # just analysed: exact
    paginator = EstimatedCountPaginator(Revision.objects.order_by("pk"), 10)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == estimate
    assert paginator.estimated and counts_in(captured) == []
    # A page past the estimated end is empty, not an error.
    assert list(paginator.page(paginator.num_pages + 1).object_list) == []
    # Filtered: exact.
    filtered = EstimatedCountPaginator(Revision.objects.filter(state__in=IN_REVIEW_STATES).order_by("pk"), 10)
    assert filtered.count == Revision.objects.filter(state__in=IN_REVIEW_STATES).count()
    assert not filtered.estimated


@pytest.mark.postgres
def test_revision_changelist_does_not_count_the_whole_table(client, staff, monkeypatch):
    call_command("generate_corpus", articles=20, quiet=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE editorial_revision")
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 10)
    client.force_login(staff.superuser)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/editorial/revision/").status_code == 200
    assert not [sql for sql in counts_in(captured) if "editorial_revision" in sql]
    with CaptureQueriesContext(connection) as captured:  # the review queue: filtered, counted exactly, once
        assert client.get("/admin/editorial/revision/?queue=review").status_code == 200
    assert len([sql for sql in counts_in(captured) if "editorial_revision" in sql]) == 1


def test_workflow_events_filter_by_action_and_period_without_reading_every_event(client, staff):
    call_command("generate_corpus", articles=6, quiet=True)
    client.force_login(staff.superuser)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/admin/editorial/transitionrecord/").content.decode()
    assert "Past 7 days" in page and "Approve and publish" in page
    assert not [q["sql"] for q in captured if "DISTINCT" in q["sql"].upper()]  # no date hierarchy, no value scan
    approvals = client.get("/admin/editorial/transitionrecord/?action=approve")
    assert approvals.status_code == 200
    shown = approvals.context["cl"].result_count
    assert shown == TransitionRecord.objects.filter(action="approve").count() > 0
    recent = client.get("/admin/editorial/transitionrecord/?within_days=30")
    assert recent.context["cl"].result_count == 0  # the generated history is older than a month


def test_reader_report_filter_lists_only_articles_with_reports(client, staff):
    call_command("generate_corpus", articles=6, quiet=True)
    first, second, quiet = Article.objects.order_by("pk")[:3]
    for article in (first, second):
        ReaderReport.objects.create(article=article, kind="error", message="Out of date.", client_hash="x")
    client.force_login(staff.superuser)
    page = client.get("/admin/articles/readerreport/").content.decode()
    assert f"article__id__exact={first.pk}" in page and f"article__id__exact={second.pk}" in page
    assert f"article__id__exact={quiet.pk}" not in page
