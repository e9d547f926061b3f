"""The list's page as ``api.listing`` builds it: one indexed query, addresses spliced from one ``reverse``, items
built without validation. Each of those shortcuts is checked here against the long way round."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from ninja.responses import NinjaJSONEncoder

from api import listing
from api.schemas import ArticleListOut
from articles import selectors
from articles.models import Article, Audience
from core.history import save_with_history
from editorial import services
from tests.factories import make_article, publish

ORDERINGS = ["-modified", "modified", "-reviewed", "reviewed"]


@pytest.fixture
def library(staff):
    """Six published articles: four published and reviewed at the same moment (ties broken by id), one with a
    plain-language title confirmed current later (first by review, not by publication); a draft, a withdrawn one."""
    articles = []
    for number, slug in enumerate(["tie-a", "tie-b", "tie-c", "tie-d", "plain", "late"]):
        extra = {"plain_title": "Said simply"} if slug == "plain" else {}
        revision = make_article(actor=staff.author, slug=slug, title=f"Question {number}?", **extra)
        articles.append(publish(revision, editor=staff.author, reviewer=staff.reviewer).article)
    moment = articles[0].published_at
    for article in articles[:4]:
        article.refresh_from_db()
        article.published_at = article.last_reviewed_at = moment
        save_with_history(article, actor=staff.chief, reason="Test: the same publication moment")
    services.article_confirm_current(actor=staff.second_reviewer, article=articles[4], comment="Still right.")
    make_article(actor=staff.author, slug="draft-only", title="Draft?")
    gone = publish(make_article(actor=staff.author, slug="withdrawn"), editor=staff.author, reviewer=staff.reviewer)
    services.revision_withdraw(actor=staff.chief, revision=gone, comment="Unsafe.")
    return articles


def expected_order(ordering: str) -> list[str]:
    """The ordering computed in Python from the published articles: the date sorted on, then the id."""
    published = Article.objects.filter(published_revision__isnull=False)
    field = listing.ORDERINGS[ordering.lstrip("-")]

    def key(article):
        at = article.published_at if field == "published_at" else article.last_reviewed_at or article.published_at
        return (at, article.pk)

    return [article.slug for article in sorted(published, key=key, reverse=ordering.startswith("-"))]


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("page_size", [1, 2, 5])
def test_every_ordering_pages_through_ties_once_in_order(client, library, ordering, page_size):
    slugs, cursor = [], None
    while True:
        params = {"ordering": ordering, "page_size": page_size, **({"cursor": cursor} if cursor else {})}
        data = json.loads(client.get("/api/v1/articles/", params).content)
        slugs += [item["slug"] for item in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert slugs == expected_order(ordering)


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_date_filters_with_every_ordering_are_the_filtered_ordering(client, library, ordering):
    cutoff = library[3].published_at
    for name, field in [("modified_since", "published_at"), ("reviewed_since", "last_reviewed_at")]:
        data = json.loads(client.get("/api/v1/articles/", {"ordering": ordering, name: cutoff.isoformat()}).content)
        kept = {
            article.slug
            for article in Article.objects.filter(published_revision__isnull=False)
            if getattr(article, field) is not None and getattr(article, field) >= cutoff
        }
        assert [item["slug"] for item in data["items"]] == [slug for slug in expected_order(ordering) if slug in kept]


@pytest.mark.parametrize("audience", ["healthcare-professional", "patient-or-caregiver"])
def test_items_built_without_validation_are_what_validation_gives(rf_request, library, audience):
    chosen = Audience.objects.get(slug=audience)
    for ordering in ORDERINGS:
        rows = listing.page_rows(ordering, 10)
        body = listing.list_body(rows, chosen, rf_request.build_absolute_uri, "next", "http://testserver/next")
        dumped = body.model_dump()
        assert ArticleListOut.model_validate(dumped).model_dump() == dumped  # validation would change nothing
        for item in dumped["items"]:  # and the spliced addresses are reverse()'s
            article = Article.objects.get(slug=item["slug"])
            assert item["url"] == rf_request.build_absolute_uri(f"/articles/{article.slug}/for/{audience}/")
            assert item["api_url"] == rf_request.build_absolute_uri(
                f"/api/v1/articles/{article.slug}/?audience={audience}"
            )
    plain = next(item for item in dumped["items"] if item["slug"] == "plain")
    assert plain["title"] == ("Said simply" if audience == "patient-or-caregiver" else "Question 4?")


def test_every_response_matches_the_schema_and_is_what_validation_serialises(client, staff, library):
    # The JSON carries milliseconds (Django's encoder cuts the rest), so a time 1-999 microseconds past a
    # millisecond goes out as ".000Z", comes back as a whole second and is written again without a fraction:
    # a property of the format, not of the list. Dates on whole milliseconds make the round trip exact.
    for article in Article.objects.filter(published_revision__isnull=False):
        article.published_at = article.published_at.replace(microsecond=article.published_at.microsecond // 1000 * 1000)
        if article.last_reviewed_at:
            reviewed = article.last_reviewed_at
            article.last_reviewed_at = reviewed.replace(microsecond=reviewed.microsecond // 1000 * 1000)
        save_with_history(article, actor=staff.chief, reason="Test: dates on whole milliseconds")
    for ordering in ORDERINGS:
        for audience in ["healthcare-professional", "patient-or-caregiver"]:
            params = {"ordering": ordering, "audience": audience, "page_size": 2}
            response = client.get("/api/v1/articles/", params)
            validated = ArticleListOut.model_validate_json(response.content)  # the schema, strictly
            assert response.content.decode() == json.dumps(validated.model_dump(), cls=NinjaJSONEncoder)


def test_a_slug_reverse_would_quote_takes_the_long_way(rf_request):
    address = listing.slug_addresses(rf_request.build_absolute_uri, "articles:detail")
    assert address("plain-slug_1") == "http://testserver/articles/plain-slug_1/"
    assert not listing.PLAIN_SLUG.match("trailing\n")  # what the fast path would splice unchecked


def test_the_page_is_read_from_the_orderings_index(library):
    """The page is read in order from the index, whatever the size of the library (not sorted)."""
    for ordering, index in [("-modified", "article_list_modified"), ("-reviewed", "article_list_reviewed")]:
        position = {"at": library[0].published_at + timedelta(days=1), "pk": library[0].pk}
        for values in [{}, position]:
            queryset = listing._page(ordering, 21, None, values)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # a handful of rows: make the planner show what it can use
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    cursor.execute("SET LOCAL enable_sort = off")
                    plan = queryset.explain()
            else:
                plan = queryset.explain()
            assert index in plan, plan


@pytest.fixture
def rf_request():
    return RequestFactory().get("/api/v1/articles/")


def test_default_audience_is_what_the_list_uses(client, library):
    default = selectors.default_audience()
    data = json.loads(client.get("/api/v1/articles/", {"page_size": 1}).content)
    assert data["items"][0]["url"].endswith(f"/for/{default.slug}/")
