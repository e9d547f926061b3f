"""The stored search documents: written on approval, removed on withdrawal, never for unpublished text."""

import pytest
from django.urls import reverse

from articles.models import SearchDocument
from articles.search import RESULTS_PER_PAGE, search_published
from editorial import services
from tests.factories import make_article, publish


def slugs(query: str) -> set[str]:
    return {result.article.slug for result in search_published(query).page(1)}


def test_approval_indexes_the_published_revision_without_citation_keys(staff):
    revision = make_article(actor=staff.author, slug="rare", title="Rare question?", summary="Quokkaemia is rare.")
    assert not SearchDocument.objects.exists()  # a draft is never indexed
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    document = SearchDocument.objects.get(article__slug="rare")
    assert document.revision_id == revision.pk
    assert document.title == "Rare question?" and "Quokkaemia" in document.search_text
    assert "Sodium thiosulfate" in document.search_text  # section bodies
    assert "Calcium builds up." in document.plain_text  # the plain register, where it has its own words
    assert slugs("quokkaemia") == {"rare"}


def test_withdrawing_removes_the_article_from_search(staff):
    revision = publish(
        make_article(actor=staff.author, slug="rare", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    services.revision_withdraw(actor=staff.chief, revision=revision, comment="Under investigation.")
    assert not SearchDocument.objects.exists()
    assert slugs("quokkaemia") == set()


def test_a_newer_approval_replaces_the_indexed_text(staff):
    first = publish(
        make_article(actor=staff.author, slug="rare", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    services.revision_edit(actor=staff.second_editor, revision=second, expected_version=1, summary="Wombatitis.")
    second.refresh_from_db()
    services.revision_submit(actor=staff.second_editor, revision=second)
    assert slugs("wombatitis") == set()  # submitted, not published
    second.refresh_from_db()
    services.revision_start_review(actor=staff.reviewer, revision=second)
    assert slugs("wombatitis") == set()  # under review, not published
    second.refresh_from_db()
    services.revision_approve(actor=staff.reviewer, revision=second)
    assert SearchDocument.objects.get().revision_id == second.pk
    assert slugs("wombatitis") == {"rare"}
    assert slugs("quokkaemia") == set()


def test_results_are_paginated(client, staff):
    for number in range(RESULTS_PER_PAGE + 1):
        revision = make_article(actor=staff.author, slug=f"topic-{number:02d}", summary="Shared quokkaemia words.")
        publish(revision, editor=staff.author, reviewer=staff.reviewer)
    paginator = search_published("quokkaemia")
    assert paginator.count == RESULTS_PER_PAGE + 1 and paginator.num_pages == 2
    assert len(list(paginator.page(2))) == 1
    html = client.get(reverse("articles:search"), {"q": "quokkaemia"}).content.decode()
    assert f"{RESULTS_PER_PAGE + 1} articles found" in html and 'rel="next"' in html
    assert client.get(reverse("articles:search"), {"q": "quokkaemia", "page": "2"}).status_code == 200
    assert client.get(reverse("articles:search"), {"q": "quokkaemia", "page": "3"}).status_code == 404


@pytest.mark.postgres
def test_postgres_search_reads_the_stored_vector(staff):
    publish(
        make_article(actor=staff.author, slug="rare", summary="Quokkaemias happen."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert SearchDocument.objects.get().vector is not None
    assert slugs("quokkaemia") == {"rare"}  # stemmed by the english configuration


def test_the_migration_backfills_articles_published_before_it(staff):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("articles.migrations.0005_perf_search_document")
    publish(
        make_article(actor=staff.author, slug="old", summary="Quokkaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    SearchDocument.objects.all().delete()  # as if published before the search documents existed
    assert slugs("quokkaemia") == set()
    # The function reads only schema_editor.connection (SQLite refuses a schema editor inside a test transaction).
    migration.index_published_articles(apps, SimpleNamespace(connection=connection))
    # ...and migration 0011 then writes them again in today's layout, as `migrate` runs both.
    importlib.import_module("articles.migrations.0011_search_registers_and_spellings").rewrite_documents(
        apps, SimpleNamespace(connection=connection)
    )
    assert slugs("quokkaemia") == {"old"}
    assert slugs("quokkemia") == {"old"}  # the other spelling, on PostgreSQL from the rewritten vector


def test_the_migrations_frozen_copy_writes_what_the_app_writes(staff):
    """Migration 0011 carries its own copy of the document layout and the spelling rules (a migration must not
    import app code): on the day it was written, it writes exactly what approval writes."""
    import importlib

    from articles.search import document_texts, fold_text
    from editorial.demo_content import CALCIPHYLAXIS
    from tests.articles.test_spelling import KEPT, PAIRS
    from tests.hostile.payloads import STORABLE_PAYLOADS

    migration = importlib.import_module("articles.migrations.0011_search_registers_and_spellings")
    demo = {key: value for key, value in CALCIPHYLAXIS.items() if key not in {"slug", "change_note"}}
    hostile = "\n\n".join(STORABLE_PAYLOADS)
    revisions = [
        make_article(actor=staff.author, slug="demo", **demo),
        make_article(
            actor=staff.author,
            slug="hostile",
            summary=hostile,
            also_called=" ".join(hostile.split())[:500],  # one line: a single-line field (issue 14, point 11)
            sections=[{"heading": "x", "body": hostile, "plain_body": "**plain** | a |"}],
        ),
    ]
    for revision in revisions:
        sections = list(revision.sections.all())
        assert migration.document_texts(revision, sections) == document_texts(revision, sections)._asdict()
    words = " ".join(word for pair in PAIRS for word in pair) + " " + " ".join(KEPT) + " " + hostile
    assert migration.fold_text(words) == fold_text(words)
