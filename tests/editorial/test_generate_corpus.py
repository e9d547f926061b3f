from django.core.management import call_command
from django.db.models import Count

from articles.models import Article
from editorial.models import CitedReference, Revision, Section
from editorial.rules import OPEN_STATES, State


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
    assert Revision.history.count() == Revision.objects.count()
    assert (
        Article.history.filter(history_change_reason__startswith="Published").count()
        == articles.exclude(published_revision=None).count()
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
