"""The "Add article" form: the question first, its address filled from it, help texts that read as written."""

import pytest
from django.urls import reverse

from articles.models import Article, Audience
from tests.factories import make_article


def test_add_article_asks_the_question_first_and_loads_the_slug_script(client, staff):
    client.force_login(staff.author)
    page = client.get(reverse("admin:articles_article_add"))
    html = page.content.decode()
    assert list(page.context["adminform"].form.fields) == ["title", "slug", "summary"]
    assert html.index('name="title"') < html.index('name="slug"') < html.index('name="summary"')
    assert '<script src="/static/vetted/article-slug.js"></script>' in html


def test_slug_help_text_shows_the_address_pattern(client, staff):
    client.force_login(staff.author)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "The public address: /articles/&lt;slug&gt;/." in html
    assert "/articles//" not in html


@pytest.mark.parametrize(
    "url_name, shown",
    [
        ("admin:articles_article_change", "/articles/&lt;slug&gt;/"),  # read-only there, help text still shown
        ("admin:articles_audience_change", "/articles/&lt;slug&gt;/for/&lt;this&gt;/"),
        ("admin:articles_boardprofile_add", "/board/&lt;slug&gt;/"),
    ],
)
def test_model_help_texts_are_shown_as_the_text_they_are(client, staff, url_name, shown):
    client.force_login(staff.superuser)
    if url_name == "admin:articles_article_change":
        url = reverse(url_name, args=[make_article(actor=staff.author).article_id])
    elif url_name == "admin:articles_audience_change":
        url = reverse(url_name, args=[Audience.objects.first().pk])
    else:
        url = reverse(url_name)
    html = client.get(url).content.decode()
    assert shown in html
    assert "/articles//" not in html and "/board//" not in html


def test_an_article_is_created_with_the_slug_the_form_sent(client, staff):
    client.force_login(staff.author)
    response = client.post(
        reverse("admin:articles_article_add"),
        {"title": "What is a skin biopsy?", "slug": "skin-biopsy", "summary": "A small sample of skin."},
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="skin-biopsy")
    assert article.revisions.get().title == "What is a skin biopsy?"
