"""Table-driven: every demo article's page, JSON-LD and board member pages credit what its audit trail records
(the expected attribution is derived from ``TransitionRecord`` and ``ArticleReview`` rows by
``tests/articles/attribution_support.py``, independently of ``articles/attribution.py``)."""

import pytest
from django.urls import reverse

from articles.models import Article, Audience, BoardProfile
from editorial.demo_board import DOSING, WOUND_CARE
from editorial.demo_content import CALCIPHYLAXIS, OTHER_ARTICLES
from tests.articles.attribution_support import (
    board_page_items,
    credit_lines,
    credit_links,
    expected_attribution,
    expected_board_item,
    json_ld_roles,
)

DEMO_SLUGS = [CALCIPHYLAXIS["slug"], *(spec["slug"] for spec in OTHER_ARTICLES), DOSING["slug"], WOUND_CARE["slug"]]


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_every_demo_article_credits_what_its_audit_trail_records(client, demo, slug):
    article = Article.objects.select_related("published_revision").get(slug=slug)
    if article.published_revision is None:  # a draft, a revision in review, a withdrawn article: no credits
        response = client.get(article.get_absolute_url())
        assert response.status_code in (404, 410)
        assert "Approved on" not in response.content.decode()
        return
    expected = expected_attribution(article)
    for audience in Audience.objects.all():
        page = client.get(reverse("articles:for_audience", args=[slug, audience.slug])).content.decode()
        assert credit_lines(page) == expected.lines, audience.slug
        assert credit_links(page) == expected.links
        assert json_ld_roles(page) == expected.json_ld


def test_every_demo_board_member_page_lists_what_the_article_pages_credit_them_with(client, demo):
    published = Article.objects.filter(published_revision__isnull=False).select_related("published_revision")
    expected_by_person = {article: expected_attribution(article).named for article in published}
    profiles = BoardProfile.objects.filter(listed=True)
    assert profiles.count() == 2
    for profile in profiles:
        items = [
            expected_board_item(article.published_revision.title, named[profile.user_id])
            for article, named in sorted(expected_by_person.items(), key=lambda pair: pair[0].slug)
            if profile.user_id in named
        ]
        assert items, profile.slug
        assert board_page_items(client.get(profile.get_absolute_url()).content.decode()) == items


def test_the_demo_shows_every_kind_of_credit(client, demo):
    """The table above covers every role: warfarin's update was started and sent back by Daniel Brandt,
    approved by Maya Okafor, and later confirmed current by Daniel Brandt."""
    page = client.get(reverse("articles:for_audience", args=["warfarin-and-vitamin-k", "patient-or-caregiver"]))
    lines = credit_lines(page.content.decode())
    assert lines[0].startswith("Approved on ") and lines[0].endswith(" by Maya Okafor, MD, FASN.")
    assert lines[1].startswith("Confirmed still current on ") and lines[1].endswith(" by Daniel Brandt, MD, PhD.")
    assert lines[2] == "Also reviewed by Daniel Brandt, MD, PhD (started the review and requested changes)."
