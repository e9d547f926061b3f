"""Races between real database connections, proven on PostgreSQL (row locks are real there)."""

import threading

import pytest
from django.db import connection

from articles.models import Article
from editorial import errors, services
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from tests.factories import make_article

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run ``calls`` at the same moment in threads with their own connections; return results/errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what we test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_board_members_approving_at_once_give_one_transition(staff):
    assert connection.vendor == "postgresql"
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    seen = revision.version  # both pressed Approve on the same page

    outcomes = race(
        lambda: services.revision_approve(actor=staff.reviewer, revision=revision, expected_version=seen),
        lambda: services.revision_approve(actor=staff.second_reviewer, revision=revision, expected_version=seen),
    )
    approved = [o for o in outcomes if isinstance(o, Revision)]
    conflicts = [o for o in outcomes if isinstance(o, errors.StaleRevisionError)]
    assert len(approved) == 1 and len(conflicts) == 1, outcomes
    assert "Someone else changed this revision" in str(conflicts[0])
    assert TransitionRecord.objects.filter(revision=revision, action="approve").count() == 1
    assert Revision.objects.get(pk=revision.pk).state == State.APPROVED
    assert Article.objects.get(pk=revision.article_id).published_revision_id == revision.pk


def test_two_editors_saving_the_same_draft_second_is_refused(staff):
    draft = make_article(actor=staff.author)
    seen = draft.version
    outcomes = race(
        lambda: services.revision_edit(actor=staff.author, revision=draft, expected_version=seen, title="A?"),
        lambda: services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=seen, title="B?"),
    )
    saved = [o for o in outcomes if isinstance(o, Revision)]
    conflicts = [o for o in outcomes if isinstance(o, errors.StaleRevisionError)]
    assert len(saved) == 1 and len(conflicts) == 1, outcomes
    stored = Revision.objects.get(pk=draft.pk)
    assert stored.title == saved[0].title and stored.version == seen + 1
    assert stored.history.filter(title__in=["A?", "B?"]).count() == 1


def test_two_editors_starting_a_new_revision_at_once_make_one(staff):
    draft = make_article(actor=staff.author)
    draft = services.revision_submit(actor=staff.author, revision=draft)
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft)
    approved = services.revision_approve(actor=staff.second_reviewer, revision=draft)
    outcomes = race(
        lambda: services.revision_start_new(actor=staff.author, article=approved.article),
        lambda: services.revision_start_new(actor=staff.second_editor, article=approved.article),
    )
    assert sum(isinstance(o, Revision) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, errors.OpenRevisionExistsError) for o in outcomes) == 1, outcomes
    assert Revision.objects.filter(article=approved.article).count() == 2


def test_two_articles_under_one_letter_published_at_once_both_count(staff):
    """The A to Z index's first row for a letter and its count hold when two approvals race."""
    from articles import letters

    reviews = []
    for slug in ("burns", "bruises"):
        revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, slug=slug))
        reviews.append(services.revision_start_review(actor=staff.reviewer, revision=revision))
    outcomes = race(
        *(
            lambda revision=revision: services.revision_approve(actor=staff.reviewer, revision=revision)
            for revision in reviews
        )
    )
    assert all(isinstance(outcome, Revision) for outcome in outcomes), outcomes
    assert letters.letter_counts() == [("B", 2)] == letters.counted_now()


def test_two_board_members_approving_a_two_approval_article_at_once_publish_it_once(staff):
    """Issue 18's quorum: both approvals count, in whichever order the row lock lets them in, and the revision
    is published exactly once (one ``quorum_approve``, one ``approve``)."""
    assert connection.vendor == "postgresql"
    draft = make_article(actor=staff.author)
    services.article_set_board_rules(actor=staff.chief, article=draft.article, topics="", approvals_required=2)
    revision = services.revision_submit(actor=staff.author, revision=draft)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    seen = revision.version  # both pressed Approve on the same page

    outcomes = race(
        lambda: services.revision_approve(actor=staff.reviewer, revision=revision, expected_version=seen),
        lambda: services.revision_approve(actor=staff.second_reviewer, revision=revision, expected_version=seen),
    )
    assert all(isinstance(o, Revision) for o in outcomes), outcomes
    assert sorted(o.state for o in outcomes) == [State.APPROVED, State.UNDER_REVIEW]
    records = TransitionRecord.objects.filter(revision=revision)
    assert records.filter(action="approve").count() == 1
    assert records.filter(action="quorum_approve").count() == 1
    approvers = set(records.filter(action__in=["approve", "quorum_approve"]).values_list("actor", flat=True))
    assert approvers == {staff.reviewer.pk, staff.second_reviewer.pk}
    assert Article.objects.get(pk=revision.article_id).published_revision_id == revision.pk
    assert Revision.objects.get(pk=revision.pk).state == State.APPROVED


def test_three_board_members_racing_for_a_two_approval_quorum_publish_once_and_the_third_is_told(staff):
    assert connection.vendor == "postgresql"
    from tests.factories import make_user

    third = make_user("third_reviewer", "Advisory Board")
    draft = make_article(actor=staff.author)
    services.article_set_board_rules(actor=staff.chief, article=draft.article, topics="", approvals_required=2)
    revision = services.revision_submit(actor=staff.author, revision=draft)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    seen = revision.version
    outcomes = race(
        *(
            (lambda member=member: services.revision_approve(actor=member, revision=revision, expected_version=seen))
            for member in (staff.reviewer, staff.second_reviewer, third)
        )
    )
    published = [o for o in outcomes if isinstance(o, Revision) and o.state == State.APPROVED]
    refused = [o for o in outcomes if isinstance(o, errors.WorkflowError)]
    assert len(published) == 1 and len(refused) == 1, outcomes
    assert TransitionRecord.objects.filter(revision=revision, action="approve").count() == 1
    assert TransitionRecord.objects.filter(revision=revision, action="quorum_approve").count() == 1
