"""The article list's page: one indexed query for the rows it shows, addresses from one ``reverse`` each.

The list is what a partner mirroring Vetted reads most, and it is read with the page cache cold (a new cursor
each page), so its cost is the query and the building of the body. Measured at 3,000 articles (SQLite), a page
of 20 cost 13 ms: two queries with the ORM's model instances, two ``reverse`` + ``build_absolute_uri`` per
item, and pydantic validating every item the view had just built from typed columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime

from django.db.models import F, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, get_urlconf, reverse

from api.schemas import ArticleListOut, ArticleSummaryOut
from articles import selectors
from articles.models import Audience
from articles.rendering import PLAIN
from pagecache import placeholder, prepared_rows

ORDERINGS = {"modified": "published_at", "reviewed": "last_reviewed_at"}
# What an item shows, in one row: the article's dates and its published revision's two titles.
ROW_COLUMNS = (
    "pk",
    "slug",
    "published_at",
    "last_reviewed_at",
    "next_review_due",
    "published_revision__title",
    "published_revision__plain_title",
)
AUDIENCE_COLUMNS = ("audience_slug", "audience_register")  # the same in every row: the audience asked for
# The row counts the compiled page query fetches (a page of 20 and the next one's first row: 21).
FETCH_SIZES = (11, 21, 51, 101)
# A slug that reverse() would put into the address unchanged (no quoting): the address can be spliced.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
SLOT = "vetted-slug-slot"


def page_rows(ordering: str, size: int, narrow: Callable | None = None, *, audience: str | None = None, **values):
    """Up to ``size`` rows (``ROW_COLUMNS``, then ``AUDIENCE_COLUMNS``) of published articles in ``ordering``, in
    one query.

    ``audience``: the slug asked for (None: the default audience). Each row ends with that audience's slug and
    wording (NULL for no such audience): on PostgreSQL reading the audiences on their own was a round trip,
    which costs about a whole trivial request (``chosen_audience``).

    ``values``: any of ``modified_since``, ``reviewed_since`` (inclusive) and the cursor's position ``at`` and
    ``pk`` (the rows after it). ``narrow`` filters further (the letter, the search's words); without it the query
    is compiled once per shape (``pagecache.prepared``), as compiling it cost more than running it.

    Each ordering has an index with the same expression and the id that breaks ties (``article_list_modified``,
    ``article_list_reviewed``): the database reads the page's rows in order from the cursor, at any library size.
    """
    if narrow is not None:
        return [list(row) for row in _page(ordering, size, narrow, values, audience)]
    given = {name: placeholder(name, int if name == "pk" else datetime) for name in values}
    # The limit is part of the SQL: a few compiled sizes (the default page's among them), so that every page
    # size a partner tries cannot each keep a compiled query in every worker.
    limit = next(bucket for bucket in (*FETCH_SIZES, size) if bucket >= size)
    key = ("api_article_list", ordering, limit, tuple(sorted(values)), audience is None)
    if audience is not None:
        values["audience"] = audience
    asked = None if audience is None else placeholder("audience")
    return prepared_rows(key, lambda: _page(ordering, limit, None, given, asked), **values)[:size]


def chosen_audience(rows: list[list]) -> Audience | None:
    """The audience the rows were read for (its slug and wording: all ``list_body`` needs), or None when there
    are no rows or no such audience (then ask ``selectors.audiences()``, to refuse or to answer an empty page)."""
    if not rows or rows[0][-1] is None:
        return None
    return Audience(slug=rows[0][-2], register=rows[0][-1])


def _page(ordering: str, size: int, narrow: Callable | None, given: dict, audience: str | None = None) -> QuerySet:
    chosen = (
        Audience.objects.order_by("-is_default", *Audience._meta.ordering)
        if audience is None
        else Audience.objects.filter(slug=audience)
    )
    articles = selectors.published_articles().annotate(
        audience_slug=Subquery(chosen.values("slug")[:1]), audience_register=Subquery(chosen.values("register")[:1])
    )
    if narrow is not None:
        articles = narrow(articles)
    if "modified_since" in given:
        articles = articles.filter(published_at__gte=given["modified_since"])
    if "reviewed_since" in given:
        articles = articles.filter(last_reviewed_at__gte=given["reviewed_since"])
    field = ORDERINGS[ordering.lstrip("-")]
    descending = ordering.startswith("-")
    # "reviewed" falls back to the publication time for articles never reviewed since.
    articles = articles.annotate(sort_at=F(field) if field == "published_at" else Coalesce(field, "published_at"))
    if "reviewed_since" in given and field == "last_reviewed_at":
        # Adds nothing (an article reviewed since then sorts on that review), but the index reads it as a range.
        articles = articles.filter(sort_at__gte=given["reviewed_since"])
    if "at" in given:
        # The first bound says again part of the second, but it is the one the index reads as a range: without
        # it the database would read the ordering from the top and filter.
        at, pk = given["at"], given["pk"]
        if descending:
            articles = articles.filter(sort_at__lte=at).filter(Q(sort_at__lt=at) | Q(sort_at=at, pk__lt=pk))
        else:
            articles = articles.filter(sort_at__gte=at).filter(Q(sort_at__gt=at) | Q(sort_at=at, pk__gt=pk))
    order = [F("sort_at").desc(), F("pk").desc()] if descending else [F("sort_at").asc(), F("pk").asc()]
    return articles.order_by(*order).values_list(*ROW_COLUMNS, *AUDIENCE_COLUMNS)[:size]


def position(row: list, ordering: str) -> tuple[datetime, int]:
    """Where a row stands in ``ordering`` (the cursor after it): its date sorted on, and its id.

    The date is ``sort_at`` as the query computes it, from the row's columns (not read a second time)."""
    pk, _slug, published_at, last_reviewed_at = row[:4]
    if ORDERINGS[ordering.lstrip("-")] == "published_at":
        return published_at, pk
    return (last_reviewed_at if last_reviewed_at is not None else published_at), pk


def slug_addresses(absolute: Callable[[str], str], viewname: str, *after_slug: str) -> Callable[[str], str]:
    """A function giving ``absolute(reverse(viewname, args=[slug, *after_slug]))`` for any slug, without a
    ``reverse`` an item (a page of 20 spent a fifth of its time in them). Slugs reverse() would quote take the
    long way."""
    head, tail = _around_slug(get_urlconf(), get_script_prefix(), viewname, after_slug)
    prefix = absolute(head)  # the rest is ASCII that reverse() has quoted: build_absolute_uri keeps it as it is

    def address(slug: str) -> str:
        if PLAIN_SLUG.match(slug):
            return prefix + slug + tail
        return absolute(reverse(viewname, args=[slug, *after_slug]))

    return address


@functools.lru_cache(maxsize=64)
def _around_slug(urlconf, script_prefix: str, viewname: str, after_slug: tuple[str, ...]) -> tuple[str, str]:
    """The address of ``viewname`` before and after its slug: fixed for a URLconf and script prefix (the key)."""
    head, _, tail = reverse(viewname, args=[SLOT, *after_slug]).partition(SLOT)
    return head, tail


def list_body(
    rows: list[tuple], audience: Audience, absolute: Callable[[str], str], next_cursor: str | None, next_url
) -> ArticleListOut:
    """The response, built from typed columns without validating each item again (``model_construct``):
    django-ninja then only serialises it. ``tests/api/test_apilist_list_page.py`` checks it is what validation gives."""
    page_url = slug_addresses(absolute, "articles:for_audience", audience.slug)
    api_url = slug_addresses(absolute, "api-v1:article")
    query = f"?audience={audience.slug}"
    plain = audience.register == PLAIN
    items = []
    for row in rows:
        _pk, slug, published_at, last_reviewed_at, next_review_due, title, plain_title = row[: len(ROW_COLUMNS)]
        if plain and (plain_title or "").strip():
            title = plain_title  # as rendering._pick
        item = ArticleSummaryOut.model_construct(
            slug=slug,
            title=title,
            url=page_url(slug),
            api_url=api_url(slug) + query,
            last_updated=published_at,
            last_reviewed=last_reviewed_at,
            next_review_due=next_review_due,
        )
        items.append(item)
    return ArticleListOut.model_construct(items=items, next_cursor=next_cursor, next_url=next_url)
