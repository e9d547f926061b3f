"""The article page's reads (articles/selectors.py, compiled once by pagecache.prepared) return what the
same querysets return evaluated normally."""

from articles import selectors
from articles.models import Article, Audience
from articles.stored_rendering import rendered_revision
from editorial import services
from tests.factories import make_article, published_pair


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
    assert [reviewer.name for reviewer in selectors.attribution_of(first.published_revision).reviewers] == [
        staff.reviewer.get_full_name() or staff.reviewer.get_username()
    ]
    assert [reviewer.name for reviewer in selectors.attribution_of(second.published_revision).reviewers] == [
        staff.second_reviewer.get_full_name() or staff.second_reviewer.get_username()
    ]
    audiences = selectors.audiences()
    assert [(a.pk, a.slug, a.disclaimer, a.is_default) for a in audiences] == [
        (a.pk, a.slug, a.disclaimer, a.is_default) for a in Audience.objects.all()
    ]


def test_article_page_reads_what_the_separate_reads_read(staff):
    """``article_page``'s one query (audiences and reviewers as JSON) gives what the separate reads give."""
    first, second = published_pair(staff)
    audiences = selectors.audiences()
    for article in (first, second):
        for audience in audiences:
            rendered_revision(article.published_revision, audience.register)  # stores the rendering
            page = selectors.article_page(article.slug, audience.slug)
            read = selectors.article_for_reading(article.slug, audience.register)
            assert page.audience.slug == audience.slug
            assert page.article.stored_payload == read.stored_payload
            assert page.article.stored_payload["register"] == audience.register
            fields = [(a.pk, a.slug, a.register, a.disclaimer, bool(a.is_default), a.ordering) for a in page.audiences]
            assert fields == [(a.pk, a.slug, a.register, a.disclaimer, a.is_default, a.ordering) for a in audiences]
            assert page.attribution == selectors.attribution_of(article.published_revision)
        default = selectors.article_page(article.slug)
        assert default.audience.slug == selectors.default_audience(audiences).slug
        assert default.article.stored_payload["register"] == default.audience.register
    assert selectors.article_page(first.slug, "no-such-audience").audience is None
    assert selectors.article_page("no-such-article", audiences[0].slug) is None


def test_article_page_credits_the_approver_and_separately_who_started_the_review(staff):
    """Started by one board member, approved by another: the approver is credited with the approval, the
    other with starting the review (JSON arrays have no order: the credits are in order of acting)."""
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.second_reviewer, revision=revision)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    page = selectors.article_page(revision.article.slug)
    attribution = page.attribution
    assert [(credit.person_id, credit.action) for credit in attribution.credits] == [
        (staff.second_reviewer.pk, "start_review"),
        (staff.reviewer.pk, "approve"),
    ]
    assert attribution.approved.reviewer.name == "Ada Reviewer"
    assert attribution.confirmed is None
    assert [(other.reviewer.name, [c.role for c in other.credits]) for other in attribution.others] == [
        ("second_reviewer", ["started the review"])
    ]
    assert attribution == selectors.attribution_of(revision)
