import pytest
from django.urls import reverse

from articles.search import highlight, search_published


def found(query: str) -> list:
    return list(search_published(query).page(1))


def slugs(query: str) -> set[str]:
    return {result.article.slug for result in found(query)}


def test_search_matches_titles_summaries_and_sections(demo):
    assert "calciphylaxis" in slugs("calciphylaxis")
    assert "calciphylaxis" in slugs("thiosulfate")  # section body
    assert "sodium-thiosulfate" not in slugs("thiosulfate")  # under review: not published
    assert slugs("vitamin K") >= {"warfarin-and-vitamin-k"}


def test_search_highlights_matches_in_escaped_snippets(client, demo):
    html = client.get(reverse("articles:search") + "?q=thiosulfate").content.decode()
    assert "<mark>thiosulfate</mark>" in html.lower() or "<mark>Thiosulfate</mark>" in html


def test_highlight_escapes_text_and_marks_only_terms():
    snippet = highlight("<b>calcium</b> & <script>phosphate</script>", ["calcium"])
    assert snippet.startswith("&lt;b&gt;<mark>calcium</mark>&lt;/b&gt; &amp; &lt;script&gt;")


def test_empty_and_unknown_queries(client, demo):
    assert search_published("   ").count == 0
    html = client.get(reverse("articles:search") + "?q=zzzyzzy").content.decode()
    assert "No articles found" in html


@pytest.mark.postgres
def test_postgres_full_text_search_ranks_and_highlights(demo):
    results = found("vessels calcium")
    assert results and results[0].article.slug == "calciphylaxis"
    assert "<mark>" in results[0].snippet_html
    assert all("UNDER-REVIEW-TEXT" not in r.snippet_html for r in found("registry mortality"))


def test_search_page_lists_results_once_in_the_body_and_keeps_its_title_plain(client, demo):
    html = client.get(reverse("articles:search") + "?q=thiosulfate").content.decode()
    title = html[html.index("<title>") + len("<title>") : html.index("</title>")]
    assert title == "Search: thiosulfate | Vetted"
    assert html.count('class="search-results"') == 1
    body = html[html.index("<main") :]
    assert 'href="/articles/calciphylaxis/"' in body


@pytest.mark.postgres
def test_postgres_ranks_at_most_rank_at_most_matches_and_says_more_than(client, db, monkeypatch):
    from django.core.management import call_command

    from articles import search

    call_command("generate_corpus", articles=8, quiet=True)  # every generated article mentions calcium
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 3)
    paginator = search_published("calcium")
    assert paginator.count == 3 and paginator.more_than_count
    assert len(paginator.page(1).object_list) == 3
    html = client.get(reverse("articles:search") + "?q=calcium").content.decode()
    assert "More than 3 articles found" in html
    exact = search_published("zzzyzzy")
    assert exact.count == 0 and not exact.more_than_count
