"""A date-time placeholder (``placeholder(name, datetime)``) in a query compiled once: each call's moment is
compared as the same queryset evaluated normally compares it, in plain and computed (Coalesce) comparisons."""

from datetime import datetime, timedelta

from django.db.models.functions import Coalesce

from articles.models import Article
from pagecache import placeholder, prepared_rows
from tests.factories import published_pair


def published_between(since, until, after_pk):
    return (
        Article.objects.annotate(sort_at=Coalesce("last_reviewed_at", "published_at"))
        .filter(published_at__gte=since, sort_at__lte=until, pk__gt=after_pk)
        .order_by("published_at")
        .values_list("slug")
    )


def test_each_call_compares_its_own_moments(staff):
    first, second = published_pair(staff)
    day = timedelta(days=1)

    def build():
        return published_between(placeholder("since", datetime), placeholder("until", datetime), placeholder("pk", int))

    for since, until, pk in [
        (first.published_at, second.published_at, 0),
        (second.published_at, second.published_at + day, 0),
        (first.published_at - day, first.published_at, 0),
        (first.published_at - day, second.published_at + day, first.pk),
        (second.published_at + day, second.published_at + 2 * day, 0),
    ]:
        expected = [tuple(row) for row in published_between(since, until, pk)]
        assert [tuple(row) for row in prepared_rows("test-dates", build, since=since, until=until, pk=pk)] == expected
        assert expected or since > second.published_at  # the cases are not all empty
