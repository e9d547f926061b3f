"""Search in one query per page on PostgreSQL: the same published results, order and counts as the ORM,
snippets marked and escaped in Python (no ``ts_headline``)."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import F
from django.urls import reverse

from articles import search
from articles.models import SearchDocument
from articles.search import highlight, search_published, snippet_terms
from editorial import services
from tests.factories import make_article, publish


def test_snippet_terms_are_the_lexemes_and_the_readers_words_that_share_them():
    assert snippet_terms("therapy for the vessels", "'therapi' & 'vessel'") == [
        "therapi",
        "vessel",
        "therapy",
        "vessels",
    ]
    assert snippet_terms("calcium -warfarin", "'calcium' & !'warfarin'") == ["calcium"]  # negated: never marked
    assert snippet_terms('"skin biopsy" or rash', "'skin' <-> 'biopsi' | 'rash'") == [
        "skin", "biopsi", "rash", "biopsy",
    ]  # fmt: skip
    assert snippet_terms("o'brien", "'o''brien'") == ["o'brien"]
    assert snippet_terms("the", "") == []  # only stop words: nothing to mark


def test_whole_word_highlight_marks_words_from_their_start_and_escapes_the_rest():
    snippet = highlight("<b>Vessels</b> & blood-vessel; cvessel", ["vessel"], whole_words=True)
    assert snippet == "&lt;b&gt;<mark>Vessels</mark>&lt;/b&gt; &amp; blood-<mark>vessel</mark>; cvessel"
    assert highlight("calcium", [], whole_words=True) == "calcium"


def test_the_snippet_shows_the_passage_with_the_most_different_terms():
    filler = " ".join(["word"] * 80)
    text = f"Therapy alone here. {filler} Small vessels need therapies. {filler}"
    snippet = highlight(text, ["vessel", "therapi", "therapy"], whole_words=True)
    assert "<mark>vessels</mark> need <mark>therapies</mark>" in snippet and "alone" not in snippet
    assert highlight(text, ["therapy"], whole_words=True).startswith(
        "<mark>Therapy</mark> alone"
    )  # one term: the first


def test_a_term_and_its_forms_count_once_when_looking_for_the_passage():
    assert search.snippets._cover_keys(["vessel", "vessels", "therapi", "therapy", "K"]) == ("k", "vesse", "therap")


def test_whole_word_highlight_marks_a_short_lexeme_as_a_word_not_as_a_prefix():
    snippet = highlight("Vitamin K helps the kidney; cats need no catheter.", ["vitamin", "k", "cat"], whole_words=True)
    assert snippet == ("<mark>Vitamin</mark> <mark>K</mark> helps the kidney; <mark>cats</mark> need no catheter.")
    assert highlight("bleeding, bleeds and bleedingly", ["bleed"], whole_words=True) == (
        "<mark>bleeding</mark>, <mark>bleeds</mark> and bleedingly"
    )


def test_article_url_is_the_articles_absolute_url():
    from articles.models import Article

    for slug in ("calciphylaxis", "vitamin-k_2", "a"):
        assert (
            search.article_url(slug) == Article(slug=slug).get_absolute_url() == reverse("articles:detail", args=[slug])
        )


def documents_ranked_by_the_orm(query: str) -> list[tuple[str, str]]:
    """What the page query must return: published documents matching, by ``ts_rank``, then slug."""
    search_query = SearchQuery(search.fold_text(query), search_type="websearch", config="english")  # as stored
    documents = (
        search.published_documents()
        .filter(vector=search_query)
        .annotate(rank=SearchRank(F("vector"), search_query))
        .order_by("-rank", "article__slug")
    )
    return [(doc.article.slug, doc.article.published_revision.title) for doc in documents]


def publish_ranked_articles(staff, count: int = 5) -> None:
    for number in range(count):
        # More mentions of the word in later articles: ranks differ, and ties are broken by slug.
        summary = "Quokkaemia " + "quokkaemia " * (number % 3) + "affects small vessels."
        revision = make_article(
            actor=staff.author, slug=f"topic-{number}", title=f"Topic {number}: quokkaemia?", summary=summary
        )
        publish(revision, editor=staff.author, reviewer=staff.reviewer)


@pytest.mark.postgres
def test_postgres_page_query_returns_what_the_orm_ranks_page_by_page(staff, monkeypatch):
    publish_ranked_articles(staff, 5)
    monkeypatch.setattr(search.query, "RESULTS_PER_PAGE", 2)
    expected = documents_ranked_by_the_orm("quokkaemia vessels")
    assert len(expected) == 5
    paginator = search_published("quokkaemia vessels")
    assert (paginator.count, paginator.num_pages, paginator.more_than_count) == (5, 3, False)
    shown = [(result.article.slug, result.title) for number in (1, 2, 3) for result in paginator.page(number)]
    assert shown == expected
    with pytest.raises(EmptyPage):
        paginator.page(4)
    with pytest.raises(EmptyPage):
        paginator.page(0)
    with pytest.raises(PageNotAnInteger):
        paginator.page("two")


@pytest.mark.postgres
def test_postgres_over_the_cap_ranks_the_first_matches_in_article_order_on_every_request(staff, monkeypatch):
    publish_ranked_articles(staff, 5)
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 2)
    first_three = set(SearchDocument.objects.order_by("article_id").values_list("article__slug", flat=True)[:3])
    expected = [pair for pair in documents_ranked_by_the_orm("quokkaemia") if pair[0] in first_three][:2]
    for _ in range(3):
        paginator = search_published("quokkaemia")
        assert [(result.article.slug, result.title) for result in paginator.page(1)] == expected
        assert paginator.count == 2 and paginator.more_than_count


@pytest.mark.postgres
def test_postgres_a_page_and_its_count_are_one_query(staff, django_assert_num_queries):
    publish_ranked_articles(staff, 3)
    with django_assert_num_queries(1):
        paginator = search_published("quokkaemia")
        page = paginator.page(1)
        assert paginator.count == 3 and len(page) == 3 and page.start_index() == 1
    with django_assert_num_queries(1):
        assert len(search_published("zzzyzzy").page(1)) == 0


@pytest.mark.postgres
def test_postgres_text_of_a_revision_that_is_not_published_is_never_found(staff):
    first = publish(
        make_article(actor=staff.author, slug="rare", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    update = services.revision_start_new(actor=staff.second_editor, article=first.article)
    services.revision_edit(actor=staff.second_editor, revision=update, expected_version=1, summary="Wombatitis.")
    update.refresh_from_db()
    services.revision_submit(actor=staff.second_editor, revision=update)
    assert search_published("wombatitis").count == 0
    # A stale document (its revision is not the published one) is never returned, even if its text matches.
    SearchDocument.objects.filter(article=first.article).update(revision=update, search_text="Wombatitis.")
    search.fill_vectors(SearchDocument.objects.all())
    assert search_published("wombatitis").count == 0
    assert list(search_published("wombatitis").page(1)) == []


@pytest.mark.postgres
def test_postgres_snippets_mark_stemmed_matches_and_escape_hostile_text(staff, client):
    summary = "Patients <script>alert(1)</script> & their vessels: quokkaemia therapies."
    publish(
        make_article(actor=staff.author, slug="rare", summary=summary), editor=staff.author, reviewer=staff.reviewer
    )
    [result] = search_published("vessel therapy").page(1)
    assert "<mark>vessels</mark>" in result.snippet_html and "<mark>therapies</mark>" in result.snippet_html
    assert result.snippet_html.startswith("Patients &lt;script&gt;alert(1)&lt;/script&gt; &amp; their")  # escaped
    assert result.snippet_html.replace("<mark>", "").replace("</mark>", "").count("<") == 0  # only our tags
    html = client.get(reverse("articles:search"), {"q": "vessel therapy"}).content.decode()
    assert "<script>alert(1)" not in html and "<mark>vessels</mark>" in html
    assert 'href="/articles/rare/"' in html and "1 article found" in html


@pytest.mark.postgres
def test_postgres_snippet_comes_from_the_text_after_the_titles_when_the_match_is_there(staff):
    revision = make_article(
        actor=staff.author, slug="rare", title="What is quokkaemia?", summary="Most quokkaemia is mild."
    )
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    [result] = search_published("quokkaemia").page(1)
    assert result.title == "What is quokkaemia?"
    assert result.snippet_html.startswith("Most <mark>quokkaemia</mark> is mild.")  # no "…": nothing cut
    assert "What is" not in result.snippet_html  # the heading already shows the title


class SchemaEditorStandIn:
    """What the migration functions read of a schema editor (a real one refuses to open inside a test's
    transaction on SQLite, and PostgreSQL runs the same statements either way)."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def vector_storage(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'vector'",
            [SearchDocument._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgres_vectors_are_kept_in_the_row_and_the_backfill_leaves_them_unchanged(staff):
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("articles.migrations.0010_search_speed")
    assert vector_storage(connection) == "m"  # STORAGE MAIN: compressed in the row, not in TOAST
    publish_ranked_articles(staff, 3)
    with connection.cursor() as cursor:  # Django's foreign keys are deferred: ALTER TABLE waits for no check
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # As if the documents were written before the migration (default storage), then migrated.
    migration.vectors_back_to_default_storage(apps, SchemaEditorStandIn(connection))
    assert vector_storage(connection) == "x"
    search.fill_vectors(SearchDocument.objects.all())
    before = {pk: str(vector) for pk, vector in SearchDocument.objects.values_list("pk", "vector")}
    migration.keep_vectors_in_the_row(apps, SchemaEditorStandIn(connection))
    assert vector_storage(connection) == "m"
    assert {pk: str(vector) for pk, vector in SearchDocument.objects.values_list("pk", "vector")} == before
    assert search_published("quokkaemia").count == 3
    # Approving writes vectors under the new rule too (index_article fills them in the database).
    publish(
        make_article(actor=staff.author, slug="later", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert search_published("quokkaemia").count == 4


def test_the_storage_migration_does_nothing_off_postgresql(db):
    import importlib

    from django.apps import apps
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    migration = importlib.import_module("articles.migrations.0010_search_speed")

    class RefusesSQL(SchemaEditorStandIn):
        def execute(self, sql: str) -> None:
            raise AssertionError(sql)

    migration.keep_vectors_in_the_row(apps, RefusesSQL(connection))
    migration.vectors_back_to_default_storage(apps, RefusesSQL(connection))


def test_control_characters_in_a_query_are_dropped_not_a_server_error(client, staff):
    publish(
        make_article(actor=staff.author, slug="rare", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert search.clean_query("quok\x00kaemia\x02 \x03rare\t") == "quok kaemia rare"
    response = client.get(reverse("articles:search"), {"q": "quokkaemia\x00"})
    assert response.status_code == 200 and "1 article found" in response.content.decode()
