from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import errors, selectors, services
from editorial.models import ArticleReview, Revision
from editorial.rules import State
from tests.factories import make_article, publish


def published(staff, slug):
    return publish(make_article(actor=staff.author, slug=slug), editor=staff.author, reviewer=staff.reviewer)


def set_due(article, due):
    """Place an article's review date (the EIC's admin edits the interval; tests move the date directly)."""
    article.next_review_due = due
    article.save()


def test_confirming_currency_moves_review_dates_and_leaves_the_approved_revision_alone(staff):
    approved = published(staff, "calciphylaxis")
    article = Article.objects.get(pk=approved.article_id)
    article.review_interval_months = 6
    article.save()
    set_due(article, date(2020, 1, 1))
    published_at, revision_version = article.published_at, approved.version

    review = services.article_confirm_current(
        actor=staff.second_reviewer, article=article, comment="Checked against the 2024 guideline."
    )

    article.refresh_from_db()
    approved.refresh_from_db()
    assert article.published_revision == approved
    assert approved.state == State.APPROVED and approved.version == revision_version
    assert article.published_at == published_at  # "last updated" does not move
    assert article.last_reviewed_at == review.reviewed_at
    assert article.next_review_due == services.next_review_due(review.reviewed_at, 6)
    assert (review.reviewer, review.revision, review.comment) == (
        staff.second_reviewer,
        approved,
        "Checked against the 2024 guideline.",
    )
    assert article.history.first().history_change_reason == "Confirmed current: Checked against the 2024 guideline."
    assert Revision.objects.filter(article=article).count() == 1


def test_only_board_members_confirm_a_published_article(staff):
    draft = make_article(actor=staff.author)
    with pytest.raises(errors.WrongStateError):
        services.article_confirm_current(actor=staff.reviewer, article=draft.article, comment="ok")
    approved = published(staff, "other")
    with pytest.raises(errors.WrongRoleError):
        services.article_confirm_current(actor=staff.author, article=approved.article, comment="ok")
    with pytest.raises(errors.CommentRequiredError):
        services.article_confirm_current(actor=staff.reviewer, article=approved.article, comment=" ")
    assert not ArticleReview.objects.exists()


def test_due_for_review_lists_overdue_first_then_due_within_30_days(staff):
    today = timezone.localdate()
    dates = {
        "due-in-10": today + timedelta(days=10),
        "overdue-5": today - timedelta(days=5),
        "due-in-60": today + timedelta(days=60),
        "overdue-40": today - timedelta(days=40),
        "due-today": today,
    }
    for slug, due in dates.items():
        set_due(Article.objects.get(pk=published(staff, slug).article_id), due)
    make_article(actor=staff.author, slug="never-published")

    due = selectors.articles_due_for_review()

    assert [(a.slug, a.is_overdue) for a in due] == [
        ("overdue-40", True),
        ("overdue-5", True),
        ("due-today", False),
        ("due-in-10", False),
    ]
    assert due[0].days_overdue == 40


def test_approving_a_small_edit_keeps_the_review_dates_and_a_full_review_moves_them(staff):
    approved = published(staff, "calciphylaxis")
    article = Article.objects.get(pk=approved.article_id)
    reviewed_at, due = article.last_reviewed_at, article.next_review_due
    assert due == services.next_review_due(reviewed_at, 12)  # the first publication starts the cycle

    small = services.revision_start_new(actor=staff.author, article=article, change_note="Typo")
    small = services.revision_submit(actor=staff.author, revision=small)
    small = services.revision_start_review(actor=staff.reviewer, revision=small)
    services.revision_approve(actor=staff.reviewer, revision=small)
    article.refresh_from_db()
    assert (article.last_reviewed_at, article.next_review_due) == (reviewed_at, due)
    assert article.published_revision == small and article.published_at > reviewed_at

    full = services.revision_start_new(actor=staff.author, article=article, change_note="Annual update")
    full = services.revision_submit(actor=staff.author, revision=full)
    full = services.revision_start_review(actor=staff.reviewer, revision=full)
    services.revision_approve(actor=staff.reviewer, revision=full, comment="Checked it all.", full_review=True)
    article.refresh_from_db()
    assert article.last_reviewed_at > reviewed_at
    record = full.transitions.get(action="approve")
    assert record.comment == f"Checked it all.\n\nFull review: next review due {article.next_review_due:%Y-%m-%d}."
