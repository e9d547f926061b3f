import pytest
from django.core.management import call_command
from django.db.models import Count

from articles.models import Article
from editorial.models import CitedReference, Revision, Section, TransitionRecord
from editorial.rules import OPEN_STATES, State
from tests.migration_data import restore_migration_data


def test_generate_corpus_builds_a_realistic_library_with_history(db):
    call_command("generate_corpus", articles=150, batch=60, long_history=12, quiet=True)
    articles = Article.objects.filter(slug__startswith="corpus-")
    assert articles.count() == 151
    states = set(Revision.objects.values_list("state", flat=True))
    assert states == set(State.values)  # every state appears
    per_article = Revision.objects.values("article").annotate(n=Count("id"))
    assert min(row["n"] for row in per_article) >= 2
    assert (
        Revision.objects.filter(state=State.APPROVED).values("article").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )
    assert (
        Revision.objects.filter(state__in=OPEN_STATES).values("article").annotate(n=Count("id")).filter(n__gt=1).count()
        == 0
    )
    for article in articles.exclude(published_revision=None).select_related("published_revision")[:10]:
        assert article.published_revision.state == State.APPROVED
        sections = article.published_revision.sections.count()
        assert 5 <= sections <= 12
        assert article.published_revision.sections.exclude(plain_body="").count() == sections
        assert CitedReference.objects.filter(revision=article.published_revision).exists()
    # History recorded for every row written in bulk.
    assert Section.history.count() == Section.objects.count()
    # Revisions: one history row per workflow step, as the services write them (check_integrity compares).
    assert Revision.history.count() == TransitionRecord.objects.count()
    assert Article.history.filter(history_change_reason__startswith="Published").count() == (
        TransitionRecord.objects.filter(action="approve").count()
    )
    assert Revision.objects.filter(article__slug__startswith="corpus-long-").count() == 12


def test_generate_corpus_can_run_twice(db):
    call_command("generate_corpus", articles=5, quiet=True)
    call_command("generate_corpus", articles=5, quiet=True)
    assert Article.objects.filter(slug__startswith="corpus-").count() == 10


def test_generate_corpus_indexes_exactly_the_published_revisions_for_search(db):
    from articles.models import SearchDocument
    from articles.search import build_document, search_published

    call_command("generate_corpus", articles=20, batch=8, quiet=True)
    published = Article.objects.exclude(published_revision=None).select_related("published_revision")
    documents = {doc.article_id: doc for doc in SearchDocument.objects.all()}
    assert set(documents) == {article.pk for article in published}
    for article in published:
        expected = build_document(article, article.published_revision)  # what approval would have written
        assert documents[article.pk].revision_id == article.published_revision_id
        assert documents[article.pk].search_text == expected.search_text
    assert search_published("calcium").count == published.count()  # every generated article mentions it


def test_generated_library_passes_the_integrity_check_and_has_history_for_every_row(db):
    from articles.models import SearchDocument
    from references.models import Reference

    call_command("generate_corpus", articles=40, batch=15, long_history=30, quiet=True)
    call_command("check_integrity")  # raises CommandError (exit 1) on any violation
    for model in (Article, Revision, Section, Reference):
        rows = set(model.objects.values_list("pk", flat=True))
        assert rows, model
        assert set(model.history.values_list("id", flat=True)) == rows, f"{model.__name__} rows without history"
        assert not model.history.filter(history_user=None).exists(), f"{model.__name__} history without a user"
        assert not model.history.filter(history_change_reason=None).exists(), model
    # Each revision's history follows its workflow events: same count, same states in order, same users.
    events = TransitionRecord.objects.order_by("revision_id", "created_at", "pk")
    steps = list(events.values_list("revision_id", "to_state", "actor_id", "created_at"))
    history = list(
        Revision.history.order_by("id", "history_date", "history_id").values_list(
            "id", "state", "history_user_id", "history_date"
        )
    )
    assert history == steps
    latest = {row["id"]: row for row in Revision.history.order_by("history_date", "history_id").values()}
    for revision in Revision.objects.values():
        assert latest[revision["id"]]["version"] == revision["version"]
        assert latest[revision["id"]]["state"] == revision["state"]
    # Articles: created, then one row per publication or withdrawal; the latest row is the stored one.
    for article in Article.objects.all():
        last = article.history.order_by("-history_date", "-history_id").first()
        assert last.published_revision_id == article.published_revision_id
        first = article.history.order_by("history_date", "history_id").first()
        assert (first.history_type, first.history_change_reason) == ("+", "Article created")
    assert SearchDocument.objects.count() == Article.objects.exclude(published_revision=None).count()
    # A pinned reference names the history row of the version pinned.
    assert not CitedReference.objects.filter(history_id=None).exists()


@pytest.mark.postgres
def test_generate_corpus_writes_batches_from_a_second_thread_on_postgresql(transactional_db):
    """Outside a transaction, PostgreSQL batches are written with COPY by a writer thread: same result."""
    restore_migration_data()  # the roles' groups, if an earlier transactional test flushed them
    call_command("generate_corpus", articles=25, batch=10, long_history=15, quiet=True)
    call_command("check_integrity")
    assert Article.objects.count() == 26
    assert Section.history.count() == Section.objects.count()
    assert Revision.history.count() == TransitionRecord.objects.count()
