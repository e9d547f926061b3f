"""A search page number past any result is a 404 on every database (found by the probe session).

``/search/?q=a&page=99999999999999999999`` answered 500: the page's offset went to the database as it came,
and SQLite (``OverflowError``) and PostgreSQL (bigint out of range) refuse so large a number. No search
shows more than ``RANK_AT_MOST`` results, so a page past those is known empty before any query.
"""

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from articles.search.query import RESULTS_PER_PAGE, search_published
from tests.factories import make_article, publish


@pytest.mark.parametrize("page", ["99999999999999999999", str(2**63), "9223372036854775807", "100000"])
def test_a_page_number_past_every_result_is_a_404_not_a_server_error(client, staff, page):
    publish(make_article(actor=staff.author, slug="calcium"), editor=staff.author, reviewer=staff.reviewer)
    response = client.get(reverse("articles:search"), {"q": "calcium", "page": page})
    assert response.status_code == 404


def test_the_paginator_refuses_a_page_past_its_cap_without_asking_the_database(staff, django_assert_num_queries):
    paginator = search_published("calcium")
    beyond = paginator.count_at_most // RESULTS_PER_PAGE + 2
    with django_assert_num_queries(0), pytest.raises(EmptyPage):
        paginator.page(beyond)
