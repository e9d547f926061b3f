"""``{% memo_url %}`` gives exactly what ``{% url %}`` gives, under any script prefix."""

from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix


def render(source: str) -> str:
    return Template("{% load vetted %}" + source).render(Context({"slug": "calciphylaxis"}))


def test_memo_url_is_reverse():
    assert render("{% memo_url 'articles:home' %}") == reverse("articles:home") == "/"
    assert render("{% memo_url 'articles:report' slug %}") == reverse("articles:report", args=["calciphylaxis"])


def test_memo_url_follows_the_script_prefix_of_the_request():
    unprefixed = render("{% memo_url 'articles:az' %}")
    set_script_prefix("/vetted/")
    try:
        assert render("{% memo_url 'articles:az' %}") == "/vetted" + unprefixed
    finally:
        clear_script_prefix()
    assert render("{% memo_url 'articles:az' %}") == unprefixed
