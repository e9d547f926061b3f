"""SQLite's FTS5 index of the folded text (issue 19): it follows every write to the search documents, so what
search finds is always what the documents hold. On PostgreSQL there is no such table (vectors instead)."""

import pytest
from django.db import connection

from articles.models import SearchDocument
from articles.search import search_published
from articles.search.fts import TABLE
from tests.factories import make_article, publish

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search index")


def slugs(query: str) -> list[str]:
    return [result.article.slug for result in search_published(query).page(1)]


def indexed_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {TABLE}")  # noqa: S608 - our table
        return {row[0] for row in cursor.fetchall()}


def test_the_index_follows_every_write_to_the_documents(staff):
    first = publish(
        make_article(actor=staff.author, slug="gout", summary="Tophi and anaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert indexed_ids() == {first.article_id}
    assert slugs("anemia") == ["gout"]
    # A write that is not index_article's (a queryset update) is followed too: the triggers fold it.
    SearchDocument.objects.filter(article_id=first.article_id).update(search_text="Oedema.", plain_text="")
    assert slugs("anemia") == [] and slugs("edema") == ["gout"]
    # A document deleted by any means (here a queryset, not unindex_article) leaves nothing in the index.
    SearchDocument.objects.filter(article_id=first.article_id).delete()
    assert indexed_ids() == set() and slugs("edema") == []


def test_words_shorter_than_the_index_reads_and_quotes_still_match_as_substrings(staff):
    publish(
        make_article(actor=staff.author, slug="k", summary='Vitamin K and the "INR" (a ratio).'),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert slugs("k") == ["k"]  # one letter: found by scanning, not through the trigram index
    assert slugs('"inr"') == ["k"]  # quotes are part of the word, as in the substring match before
    assert slugs('vitamin "') == ["k"]
    assert slugs('"x"') == [] and slugs("zz") == []
