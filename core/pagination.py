"""Admin changelists that stay fast on large tables: no exact ``COUNT(*)`` of a whole large table.

The admin paginates every changelist with ``COUNT(*)`` of its queryset, which PostgreSQL answers by
reading the whole table (hundreds of milliseconds at millions of rows). Unfiltered, that number only
labels the list and sizes the page links, so an estimate serves as well: PostgreSQL keeps one per table
in ``pg_class.reltuples`` (updated by ``ANALYZE`` and autovacuum). Filtered lists (a search, a list
filter, an article's revisions) keep the exact count, which uses the filter's index.

It lives in ``core`` (below every app) so every app's admin can use it.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact count costs a few milliseconds: keep it exact.
ESTIMATE_ABOVE = 50_000


def estimated_row_count(model, using: str = "default") -> int | None:
    """PostgreSQL's estimate of the rows in ``model``'s table, or None (other databases, never analysed)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


def is_whole_table(queryset) -> bool:
    """True when the queryset selects every row of its table (annotations and joins aside)."""
    query = queryset.query
    return (
        not query.where and not query.distinct and not query.combinator and query.low_mark == 0 and not query.high_mark
    )


class EstimatedCountPaginator(Paginator):
    """Counts exactly, except a whole table of more than ``ESTIMATE_ABOVE`` rows on PostgreSQL.

    The estimate can be off by a few percent, so the last page link may show a page that turns out
    empty (it is shown empty, not as an error). Use with ``show_full_result_count = False``.
    """

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if hasattr(queryset, "query") and is_whole_table(queryset):
            estimate = estimated_row_count(queryset.model, queryset.db)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                self.estimated = True
                return estimate
        return super().count

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.estimated:  # the table may hold more rows than estimated: show the page, maybe empty
                return int(number)
            raise


class LargeTableAdminMixin:
    """For a ModelAdmin whose table grows with the library: estimated whole-table count, no second count."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
