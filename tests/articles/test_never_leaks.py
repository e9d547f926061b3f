"""The text of a revision in review never reaches a public page, in any audience's wording."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import Article, Audience
from articles.views import AUDIENCE_COOKIE
from tests.articles.conftest import UNDER_REVIEW_MARKER

# Words that appear only in the demo update that sits Under Review.
UPDATE_ONLY_WORDS = [UNDER_REVIEW_MARKER, "registry data suggest", "about half of people with it die"]


def public_urls() -> list[str]:
    urls = [
        reverse("articles:home"),
        reverse("articles:az"),
        *(reverse("articles:az_letter", args=[letter]) for letter in "abcdefghijklmnopqrstuvwxyz0123456789"),
        reverse("articles:board"),
        reverse("articles:board_member", args=["maya-okafor"]),
        reverse("articles:board_member", args=["daniel-brandt"]),
        reverse("articles:editorial_policy"),
        reverse("articles:feed"),
        reverse("articles:sitemap"),
        reverse("articles:robots_txt"),
    ]
    for article in Article.objects.all():
        urls.append(reverse("articles:detail", args=[article.slug]))
        urls.append(reverse("articles:report", args=[article.slug]))
        for audience in Audience.objects.all():
            urls.append(reverse("articles:for_audience", args=[article.slug, audience.slug]))
    return urls


SEARCHES = ["UNDER-REVIEW-TEXT", "registry", "mortality", "half", "calciphylaxis", "die", "percent"]


def assert_clean(content: str, where: str) -> None:
    for words in UPDATE_ONLY_WORDS:
        assert words.lower() not in content.lower(), f"{words!r} leaked on {where}"


def test_no_public_page_feed_sitemap_or_search_shows_the_revision_under_review(client, demo):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in {200, 404, 410}, url
        assert_clean(response.content.decode(), url)


def test_search_never_finds_or_shows_the_revision_under_review(client, demo):
    for query in SEARCHES:
        html = client.get(reverse("articles:search"), {"q": query}).content.decode()
        results = html.split('<ol class="search-results"', 1)[1].split("</ol>", 1)[0]  # not the echoed query
        assert_clean(results, f"search for {query!r}")
    html = client.get(reverse("articles:search"), {"q": UNDER_REVIEW_MARKER}).content.decode()
    assert "No articles found" in html


@pytest.mark.parametrize("audience", ["patient-or-caregiver", "student", "healthcare-professional"])
def test_remembered_audience_never_sees_the_revision_under_review(client, demo, audience):
    client.cookies[AUDIENCE_COOKIE] = audience
    response = client.get(reverse("articles:detail", args=["calciphylaxis"]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/for/{audience}/")
    assert_clean(response.content.decode(), audience)


def test_json_ld_of_every_audience_has_only_approved_text(client, demo):
    for audience in Audience.objects.all():
        html = client.get(reverse("articles:for_audience", args=["calciphylaxis", audience.slug])).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        assert_clean(json.dumps(json.loads(blocks[0])), f"JSON-LD for {audience.slug}")


def test_search_finds_the_approved_text_of_the_same_article(client, demo):
    html = client.get(reverse("articles:search") + "?q=calciphylaxis").content.decode()
    assert "What is calciphylaxis?" in html
