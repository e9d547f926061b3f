"""One rule on both backends (docs/speed.md, "Search: at most RANK_AT_MOST matches, on both backends"): a query
matching more than ``RANK_AT_MOST`` articles orders only the first ``RANK_AT_MOST`` matches in article order, and
the page says "More than N articles found"; a query matching at most that many is counted exactly.

These run on SQLite and, in CI, on PostgreSQL (the same assertions; only the order within the bounded set differs:
ranked by ``ts_rank`` on PostgreSQL, newest first on SQLite)."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.urls import reverse

from articles import search
from articles.models import Article
from articles.search import search_published
from tests.factories import make_article, publish


def publish_matching(staff, count: int) -> list[Article]:
    """``count`` published articles that all mention quokkaemia (British spelling; "quokkemia" in American)."""
    articles = []
    for number in range(count):
        summary = "Quokkaemia " + "quokkaemia " * (number % 3) + "affects small vessels."
        revision = make_article(actor=staff.author, slug=f"quokka-{number}", title=f"Quokka {number}?", summary=summary)
        articles.append(publish(revision, editor=staff.author, reviewer=staff.reviewer).article)
    return articles


def shown(paginator, number: int = 1) -> list[str]:
    return [result.article.slug for result in paginator.page(number)]


def test_a_query_matching_more_than_the_cap_orders_only_the_first_matches_and_says_more_than(
    staff, client, monkeypatch
):
    articles = publish_matching(staff, 5)
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 2)
    first_three = {article.slug for article in sorted(articles, key=lambda article: article.pk)[:3]}
    pages = []
    for _ in range(3):  # the same bounded set on every request
        paginator = search_published("quokkaemia")
        assert paginator.count == 2 and paginator.more_than_count and paginator.num_pages == 1
        pages.append(shown(paginator))
    assert pages[0] == pages[1] == pages[2] and len(pages[0]) == 2 and set(pages[0]) <= first_three
    if connection.vendor == "sqlite":  # newest first among the first three matches in article order
        newest_first = Article.objects.filter(slug__in=first_three).order_by("-published_at", "slug")
        assert pages[0] == [article.slug for article in newest_first][:2]
    html = client.get(reverse("articles:search") + "?q=quokkaemia").content.decode()
    assert "More than 2 articles found" in html


def test_a_query_matching_at_most_the_cap_is_counted_exactly(staff, client, monkeypatch):
    publish_matching(staff, 4)
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 4)
    paginator = search_published("quokkemia")  # the American spelling finds the British one under the cap too
    assert paginator.count == 4 and not paginator.more_than_count and len(shown(paginator)) == 4
    assert "4 articles found" in client.get(reverse("articles:search") + "?q=quokkemia").content.decode()
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 3)
    paginator = search_published("quokkemia")
    assert paginator.count == 3 and paginator.more_than_count
    nothing = search_published("zzzyzzy")
    assert nothing.count == 0 and not nothing.more_than_count


def test_the_capped_count_ends_the_last_page(staff, monkeypatch):
    publish_matching(staff, 5)
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 3)
    monkeypatch.setattr(search.query, "RESULTS_PER_PAGE", 2)
    paginator = search_published("quokkaemia vessels")
    assert (paginator.count, paginator.num_pages, paginator.more_than_count) == (3, 2, True)
    first, second = shown(paginator, 1), shown(paginator, 2)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_snippets_are_cut_for_the_page_shown_only(staff, monkeypatch):
    publish_matching(staff, 5)
    monkeypatch.setattr(search.query, "RESULTS_PER_PAGE", 2)
    cut = []
    real_snippet = search.query._snippet

    def counting_snippet(*args, **kwargs):  # the real function, counted
        cut.append(args[0])
        return real_snippet(*args, **kwargs)

    monkeypatch.setattr(search.query, "_snippet", counting_snippet)
    paginator = search_published("quokkaemia")
    page = paginator.page(2)
    assert paginator.count == 5 and len(page) == 2 and len(cut) == 2
    assert all("<mark>" in result.snippet_html for result in page)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="substring matching is SQLite's (PostgreSQL matches words)")
def test_substrings_in_any_spelling_still_match_under_the_cap_on_sqlite(staff, monkeypatch):
    publish_matching(staff, 5)
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 2)
    for query in ("kaemia", "okkemi", "QUOKKA"):  # inside a word, in either spelling, any case
        paginator = search_published(query)
        assert paginator.count == 2 and paginator.more_than_count and len(shown(paginator)) == 2
