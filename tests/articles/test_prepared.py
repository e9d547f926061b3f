"""Queries compiled once (articles.prepared) return what the same queryset returns evaluated normally."""

from datetime import datetime

from articles import selectors
from articles.caching import rendered_revision
from articles.models import Article, Audience
from articles.prepared import placeholder, prepared_rows
from tests.factories import make_article, publish


def published_pair(staff):
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    second = publish(
        make_article(actor=staff.author, slug="other", title="Other question?"),
        editor=staff.author,
        reviewer=staff.second_reviewer,
    )
    return first.article, second.article


def test_rows_are_the_querysets_rows_for_each_call(staff):
    first, second = published_pair(staff)

    def build():
        return Article.objects.filter(slug=placeholder("slug")).values_list("slug", "published_at", "next_review_due")

    for article in (first, second, first):
        expected = list(
            Article.objects.filter(slug=article.slug).values_list("slug", "published_at", "next_review_due")
        )
        assert [tuple(row) for row in prepared_rows("test-rows", build, slug=article.slug)] == expected
    assert isinstance(prepared_rows("test-rows", build, slug="other")[0][1], datetime)  # converted, as Django does
    assert prepared_rows("test-rows", build, slug="no-such-article") == []


def test_article_for_reading_matches_the_orm(staff):
    first, second = published_pair(staff)
    for article in (first, second):
        rendered_revision(article.published_revision, "professional")  # stores the rendering
        read = selectors.article_for_reading(article.slug, "professional")
        fresh = Article.objects.select_related("published_revision").get(pk=article.pk)
        assert (read.pk, read.slug, read.published_at, read.last_reviewed_at, read.next_review_due) == (
            fresh.pk, fresh.slug, fresh.published_at, fresh.last_reviewed_at, fresh.next_review_due,
        )  # fmt: skip
        assert (read.published_revision.pk, read.published_revision.state, read.published_revision.decided_at) == (
            fresh.published_revision.pk, fresh.published_revision.state, fresh.published_revision.decided_at,
        )  # fmt: skip
        assert read.stored_payload["title"] == fresh.published_revision.title  # the stored rendering, decoded
        assert read.pending_state is None
    assert selectors.article_for_reading("no-such-article", "professional") is None


def test_reviewers_and_audiences_match_the_orm(staff):
    first, second = published_pair(staff)
    assert [reviewer.name for reviewer in selectors.reviewers_of(first.published_revision)] == [
        staff.reviewer.get_full_name() or staff.reviewer.get_username()
    ]
    assert [reviewer.name for reviewer in selectors.reviewers_of(second.published_revision)] == [
        staff.second_reviewer.get_full_name() or staff.second_reviewer.get_username()
    ]
    audiences = selectors.audiences()
    assert [(a.pk, a.slug, a.disclaimer, a.is_default) for a in audiences] == [
        (a.pk, a.slug, a.disclaimer, a.is_default) for a in Audience.objects.all()
    ]
