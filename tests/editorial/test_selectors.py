"""editorial/selectors.py: the reads of the workflow and the review desk, one test (or a few) per selector."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial import selectors, services
from editorial.models import Revision
from editorial.rules import Role, State
from references.models import Reference
from tests.factories import ReferenceFactory, make_article, make_user, publish
from tests.security.support import revision_in


def test_unknown_citation_keys_lists_keys_missing_from_the_library_in_citation_order(staff):
    ReferenceFactory(key="known2020")
    revision = make_article(actor=staff.author, summary="See [@zeta; @known2020] and [@alpha].")
    assert selectors.unknown_citation_keys(revision) == ["zeta", "alpha"]


def test_open_threads_are_unresolved_roots_oldest_first(staff):
    revision = revision_in(State.UNDER_REVIEW, staff=staff)
    first = services.review_comment_add(actor=staff.reviewer, revision=revision, body="First.")
    second = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Second.")
    services.review_comment_add(actor=staff.author, revision=revision, body="A reply.", parent=first)
    services.review_comment_resolve(actor=staff.reviewer, comment=second)
    assert selectors.open_threads(revision) == [first]


def test_thread_list_puts_open_threads_first_with_replies_and_what_the_user_may_do(staff):
    revision = revision_in(State.UNDER_REVIEW, staff=staff)
    resolved = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Resolved one.")
    services.review_comment_resolve(actor=staff.reviewer, comment=resolved)
    open_one = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Open one.")
    reply = services.review_comment_add(actor=staff.author, revision=revision, body="Fixed.", parent=open_one)
    threads = selectors.thread_list(revision, staff.second_reviewer)
    assert [thread.pk for thread in threads] == [open_one.pk, resolved.pk]
    assert [r.pk for r in threads[0].thread_replies] == [reply.pk]
    assert threads[0].may_reply is True
    assert threads[0].may_resolve is True  # any board member resolves while the revision is open (issue 14)
    no_role = make_user("no_role")
    assert selectors.thread_list(revision, no_role)[0].may_resolve is False


def test_current_assignment_is_the_latest(staff):
    revision = revision_in(State.SUBMITTED, staff=staff)
    assert selectors.current_assignment(revision) is None
    services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.reviewer)
    latest = services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.second_reviewer)
    assert selectors.current_assignment(revision) == latest


def test_board_members_are_the_active_members_of_the_group_with_their_roles_read_once(staff):
    retired = make_user("retired", Role.BOARD)
    retired.is_active = False
    retired.save()
    with CaptureQueriesContext(connection) as queries:
        members = selectors.board_members()
        assert all(Role.BOARD in member._vetted_roles for member in members)
    assert [member.username for member in members] == ["reviewer", "second_reviewer"]
    assert len(queries) == 2  # the members, then their groups: not one query per member


def test_assignable_reviewers_leave_out_the_author(staff):
    author_on_board = make_user("editor_on_board", Role.EDITOR, Role.BOARD)
    revision = revision_in(State.SUBMITTED, staff=staff, author=author_on_board)
    assert author_on_board in selectors.board_members()
    assert author_on_board not in selectors.assignable_reviewers(revision)


def test_default_comparison_base_is_the_published_revision_else_the_base_else_the_previous(staff):
    first = revision_in(State.APPROVED, staff=staff, slug="compared")
    assert selectors.default_comparison_base(first) is None  # the first revision: nothing before it
    second = services.revision_start_new(actor=staff.author, article=first.article)
    second = Revision.objects.select_related("article").get(pk=second.pk)
    assert selectors.default_comparison_base(second) == first
    published = Revision.objects.select_related("article").get(pk=first.pk)
    assert selectors.default_comparison_base(published) is None  # the published one, based on nothing


def test_articles_due_for_review_lists_overdue_first_then_due_soon(staff):
    early = publish(make_article(actor=staff.author, slug="early"), editor=staff.author, reviewer=staff.reviewer)
    late = publish(make_article(actor=staff.author, slug="late"), editor=staff.author, reviewer=staff.reviewer)
    far = publish(make_article(actor=staff.author, slug="far"), editor=staff.author, reviewer=staff.reviewer)
    today = date(2030, 1, 1)
    dues = ((early, today - timedelta(days=3)), (late, today + timedelta(days=10)), (far, today + timedelta(days=60)))
    for revision, due in dues:
        article = revision.article
        article.next_review_due = due
        article.save()
    due = selectors.articles_due_for_review(today=today, within_days=30)
    assert [(a.slug, a.is_overdue, a.days_overdue, a.days_left) for a in due] == [
        ("early", True, 3, -3),
        ("late", False, 0, 10),
    ]


def test_open_revisions_citing_finds_drafts_whose_text_cites_the_key_not_a_longer_one(staff):
    reference = ReferenceFactory(key="smith2020")
    ReferenceFactory(key="smith2020b")
    citing = make_article(actor=staff.author, slug="citing", summary="As shown [@smith2020].")
    make_article(actor=staff.author, slug="longer-key", summary="Elsewhere [@smith2020b].")
    assert selectors.open_revisions_citing(reference) == [citing]


def test_revision_bibliography_is_in_order_of_first_citation_and_pinned_once_approved(staff):
    ReferenceFactory(key="b2020", title="Bee")
    ReferenceFactory(key="a2020", title="Ay")
    draft = make_article(actor=staff.author, slug="bib", summary="First [@b2020], then [@a2020].")
    assert [entry["key"] for entry in selectors.revision_bibliography(draft)] == ["b2020", "a2020"]
    approved = publish(draft, editor=staff.author, reviewer=staff.reviewer)
    reference = Reference.objects.get(key="b2020")
    reference.title = "Bee, corrected"
    reference.save()
    assert [entry["title"] for entry in selectors.revision_bibliography(approved)] == ["Bee", "Ay"]
    assert [c.key for c in selectors.outdated_citations(approved)] == ["b2020"]
