"""The A to Z letter page takes its count from the letter counts the services keep (no COUNT of the letter)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import views
from tests.factories import make_article, publish


def test_a_letter_page_paginates_on_the_kept_count_without_counting_again(client, staff, monkeypatch):
    monkeypatch.setattr(views, "AZ_PER_PAGE", 2)
    for slug in ["b-one", "b-two", "b-three"]:
        publish(
            make_article(actor=staff.author, slug=slug, title=f"Title {slug}?"),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/az/b/").content.decode()
    assert not [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert "Page 1 of 2" in first
    assert "Title b-two?" in client.get("/az/b/", {"page": "2"}).content.decode()
    assert client.get("/az/b/", {"page": "3"}).status_code == 404
    assert client.get("/az/q/").status_code == 200  # a letter without articles: an empty first page
