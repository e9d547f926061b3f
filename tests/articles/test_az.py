"""Letter pages of the A to Z: one letter's published articles, a page at a time."""

from django.urls import reverse

from articles import views
from tests.factories import make_article, publish


def test_letter_pages_are_paginated_by_address(client, staff, monkeypatch):
    monkeypatch.setattr(views, "AZ_PER_PAGE", 2)
    for slug in ["b-three", "b-one", "b-two"]:
        publish(
            make_article(actor=staff.author, slug=slug, title=f"Title {slug}?"),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    first = client.get(reverse("articles:az_letter", args=["b"])).content.decode()
    assert first.index("Title b-one?") < first.index("Title b-three?") and "Title b-two?" not in first
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 2" in first
    second = client.get(reverse("articles:az_letter", args=["b"]), {"page": "2"}).content.decode()
    assert "Title b-two?" in second and 'rel="prev" href="?page=1"' in second
    for bad in ["3", "0", "x"]:
        assert client.get(reverse("articles:az_letter", args=["b"]), {"page": bad}).status_code == 404
    assert client.get("/az/bb/").status_code == 404


def test_canonical_addresses_ignore_stray_query_strings(client, staff):
    publish(
        make_article(actor=staff.author, slug="b-one", title="Title?"), editor=staff.author, reviewer=staff.reviewer
    )
    assert '<link rel="canonical" href="http://testserver/">' in client.get("/?q=anything").content.decode()
    html = client.get("/az/b/", {"q": "anything"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/az/b/">' in html
