"""Queries compiled once (pagecache/prepared.py) return what the same queryset returns evaluated normally,
and on PostgreSQL only they run as prepared statements."""

from datetime import datetime

import pytest
from django.db import connection

from articles.models import Article
from pagecache import placeholder, prepared_rows
from tests.factories import published_pair


def test_rows_are_the_querysets_rows_for_each_call(staff):
    first, second = published_pair(staff)

    def build():
        return Article.objects.filter(slug=placeholder("slug")).values_list("slug", "published_at", "next_review_due")

    for article in (first, second, first):
        expected = list(
            Article.objects.filter(slug=article.slug).values_list("slug", "published_at", "next_review_due")
        )
        assert [tuple(row) for row in prepared_rows("test-rows", build, slug=article.slug)] == expected
    assert isinstance(prepared_rows("test-rows", build, slug="other")[0][1], datetime)  # converted, as Django does
    assert prepared_rows("test-rows", build, slug="no-such-article") == []


@pytest.mark.postgres
def test_on_postgresql_the_page_query_runs_as_a_prepared_statement(staff, client):
    """PostgreSQL plans it once per connection (planning was two thirds of its cost), not on every page."""
    article, _ = published_pair(staff)
    for _ in range(2):
        assert client.get(f"/articles/{article.slug}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any("articles_storedrendering" in sql and "articles_audience" in sql for sql in statements)
    # Only these compiled reads prepare: none of the writes publishing took (Django's cursors) did.
    assert all(sql.startswith("SELECT") for sql in statements)
