"""The board's rules (issue 18): recusal on a declared conflict, lapsed disclosures, quorum approvals.

Every story here runs through the services as the real roles would, and ends with the integrity check
(the ``staff`` fixture's)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import errors, permissions, selectors, services
from editorial.integrity import find_violations
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from tests.factories import make_article, make_user

CONFLICT = "Consulting fees, Renalis Pharma (2025)"


def declare(staff, member, *, topics="", interests="", days_ago=10):
    return services.disclosure_declare(
        actor=staff.chief,
        member=member,
        declared_on=timezone.localdate() - timedelta(days=days_ago),
        interests=interests,
        topics=topics,
    )


def article_with_rules(staff, *, topics="kidney; dosing", approvals=1, slug="calciphylaxis"):
    draft = make_article(actor=staff.author, slug=slug)
    services.article_set_board_rules(
        actor=staff.chief, article=draft.article, topics=topics, approvals_required=approvals
    )
    return draft


def under_review(staff, **rules) -> Revision:
    draft = article_with_rules(staff, **rules)
    submitted = services.revision_submit(actor=staff.author, revision=draft)
    return services.revision_start_review(actor=staff.reviewer, revision=submitted)


def snapshot(revision):
    stored = Revision.objects.get(pk=revision.pk)
    article = Article.objects.get(pk=revision.article_id)
    return (stored.state, stored.version, TransitionRecord.objects.count(), article.published_revision_id)


# ---------------------------------------------------------------------------------------------
# Recusal


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("start_review", State.SUBMITTED),
        ("request_changes", State.UNDER_REVIEW),
        ("reject", State.SUBMITTED),
        ("reject", State.UNDER_REVIEW),
        ("approve", State.UNDER_REVIEW),
    ],
)
def test_a_recused_board_member_takes_no_review_decision_and_the_refusal_names_the_disclosure(staff, action, state):
    declare(staff, staff.second_reviewer, topics="Kidney", interests=CONFLICT)
    draft = article_with_rules(staff)
    revision = services.revision_submit(actor=staff.author, revision=draft)
    if state == State.UNDER_REVIEW:
        revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    before = snapshot(revision)
    with pytest.raises(errors.RecusedError) as refused:
        services.revision_transition(actor=staff.second_reviewer, revision=revision, action=action, comment="Why.")
    message = str(refused.value)
    assert CONFLICT in message and "kidney" in message
    assert f"{timezone.localdate() - timedelta(days=10):%Y-%m-%d}" in message
    assert errors.action_phrase(action) in message
    assert snapshot(revision) == before  # a refused decision changes nothing
    assert not permissions.allowed(staff.second_reviewer, action, Revision.objects.get(pk=revision.pk))


def test_a_recused_member_is_never_assigned_and_the_refusal_names_the_disclosure(staff):
    declare(staff, staff.second_reviewer, topics="dosing", interests=CONFLICT)
    revision = services.revision_submit(actor=staff.author, revision=article_with_rules(staff))
    assert staff.second_reviewer not in selectors.assignable_reviewers(revision)
    assert staff.reviewer in selectors.assignable_reviewers(revision)
    with pytest.raises(errors.RecusedError, match="Renalis Pharma"):
        services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.second_reviewer)
    assert not revision.assignments.exists()


def test_a_recused_member_does_not_confirm_the_article_current(staff):
    revision = under_review(staff)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    declare(staff, staff.second_reviewer, topics="dosing", interests=CONFLICT)
    with pytest.raises(errors.RecusedError, match="confirm that this article is still current"):
        services.article_confirm_current(actor=staff.second_reviewer, article=revision.article, comment="Checked.")


def test_a_disclosure_on_other_topics_recuses_nobody(staff):
    declare(staff, staff.second_reviewer, topics="cardiology", interests="Speaker fees, Heartco")
    revision = under_review(staff)
    approved = services.revision_approve(actor=staff.second_reviewer, revision=revision)
    assert approved.state == State.APPROVED


def test_the_latest_disclosure_counts_so_a_new_declaration_ends_the_recusal(staff):
    declare(staff, staff.second_reviewer, topics="kidney", interests=CONFLICT, days_ago=40)
    revision = under_review(staff)
    assert not permissions.allowed(staff.second_reviewer, "approve", revision)
    declare(staff, staff.second_reviewer, topics="", interests="", days_ago=0)  # the interest ended
    assert permissions.allowed(staff.second_reviewer, "approve", Revision.objects.get(pk=revision.pk))


def test_disclosures_are_declared_only_for_board_members_and_never_in_the_future(staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        declare(staff, staff.author, topics="kidney")
    with pytest.raises(ValidationError):
        declare(staff, staff.reviewer, days_ago=-1)
    with pytest.raises(errors.WrongRoleError):
        services.disclosure_declare(
            actor=staff.reviewer, member=staff.reviewer, declared_on=timezone.localdate(), interests="", topics=""
        )
    assert not staff.reviewer.disclosures.exists()


# ---------------------------------------------------------------------------------------------
# Lapsed disclosures


def test_a_lapsed_disclosure_blocks_approval_until_renewed(staff, settings):
    settings.VETTED_DISCLOSURE_VALID_MONTHS = 12
    declare(staff, staff.second_reviewer, days_ago=400)
    revision = under_review(staff)
    before = snapshot(revision)
    with pytest.raises(errors.DisclosureExpiredError, match="declare your interests again"):
        services.revision_approve(actor=staff.second_reviewer, revision=revision)
    assert snapshot(revision) == before
    # Other steps stay open to them: only approving needs a current disclosure.
    assert permissions.allowed(staff.second_reviewer, "request_changes", revision)
    assert [row["member"] for row in selectors.disclosures_due() if row["status"] == "lapsed"] == [
        staff.second_reviewer
    ]
    declare(staff, staff.second_reviewer, days_ago=0)
    assert services.revision_approve(actor=staff.second_reviewer, revision=revision).state == State.APPROVED


def test_the_validity_is_a_setting(staff, settings):
    declare(staff, staff.second_reviewer, days_ago=100)
    revision = under_review(staff)
    settings.VETTED_DISCLOSURE_VALID_MONTHS = 3
    assert not permissions.allowed(staff.second_reviewer, "approve", revision)
    settings.VETTED_DISCLOSURE_VALID_MONTHS = 4
    assert permissions.allowed(staff.second_reviewer, "approve", revision)


# ---------------------------------------------------------------------------------------------
# Quorum


def approvals(revision, action):
    return list(
        TransitionRecord.objects.filter(revision=revision, action=action).order_by("pk").values_list("actor", flat=True)
    )


def test_a_dosing_page_publishes_when_its_second_board_member_approves(staff):
    third = make_user("third_reviewer", "Advisory Board")
    revision = under_review(staff, approvals=2)
    first = services.revision_approve(actor=staff.reviewer, revision=revision, comment="Doses checked.")
    assert first.state == State.UNDER_REVIEW
    assert Article.objects.get(pk=revision.article_id).published_revision_id is None
    assert approvals(revision, "quorum_approve") == [staff.reviewer.pk]
    assert selectors.quorum_progress(first)["approvers"] == ["Ada Reviewer"]
    final = services.revision_approve(actor=staff.second_reviewer, revision=revision, expected_version=first.version)
    assert final.state == State.APPROVED
    assert Article.objects.get(pk=revision.article_id).published_revision_id == revision.pk
    assert approvals(revision, "approve") == [staff.second_reviewer.pk]
    record = TransitionRecord.objects.get(revision=revision, action="approve")
    assert "Approval 2 of 2: quorum met." in record.comment
    # Nobody approves a published revision again.
    with pytest.raises(errors.WrongStateError):
        services.revision_approve(actor=third, revision=revision)


def test_nobody_approval_counts_twice(staff):
    revision = under_review(staff, approvals=2)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    before = snapshot(revision)
    with pytest.raises(errors.AlreadyApprovedError, match="1 of 2 approvals"):
        services.revision_approve(actor=staff.reviewer, revision=revision)
    assert snapshot(revision) == before


def test_self_approval_and_edit_then_approve_stay_refused_with_a_quorum(staff):
    board_editor = make_user("board_editor", "Advisory Board", "Editors")
    draft = article_with_rules(staff, approvals=2)
    draft = services.revision_edit(
        actor=staff.superuser, revision=draft, expected_version=draft.version, title="What is it, really?"
    )
    revision = services.revision_submit(actor=staff.author, revision=draft)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    with pytest.raises(errors.SelfApprovalError):
        services.revision_approve(actor=staff.superuser, revision=revision)  # edited it, then approves
    services.revision_approve(actor=staff.reviewer, revision=revision)
    with pytest.raises(errors.SelfApprovalError):
        services.revision_approve(actor=staff.superuser, revision=revision)  # still: their text
    assert approvals(revision, "quorum_approve") == [staff.reviewer.pk]
    # A board member who also edits wrote this one: they may not count toward its quorum.
    own = make_article(actor=board_editor, slug="own")
    services.article_set_board_rules(actor=staff.chief, article=own.article, topics="", approvals_required=2)
    own = services.revision_submit(actor=board_editor, revision=own)
    own = services.revision_start_review(actor=staff.reviewer, revision=own)
    with pytest.raises(errors.SelfApprovalError):
        services.revision_approve(actor=board_editor, revision=own)


def test_a_request_for_changes_by_any_member_resets_the_round(staff):
    revision = under_review(staff, approvals=2)
    services.revision_approve(actor=staff.reviewer, revision=revision, comment="Fine by me.")
    back = services.revision_request_changes(actor=staff.second_reviewer, revision=revision, comment="Fix the dose.")
    assert permissions.approvals_this_round(back) == []
    resubmitted = services.revision_submit(actor=staff.author, revision=back)
    again = services.revision_start_review(actor=staff.second_reviewer, revision=resubmitted)
    assert selectors.quorum_progress(again) == {"required": 2, "approvers": []}
    # The earlier approval was of a text sent back since: it counts for nothing now.
    still = services.revision_approve(actor=staff.reviewer, revision=again)
    assert still.state == State.UNDER_REVIEW
    done = services.revision_approve(actor=staff.second_reviewer, revision=still)
    assert done.state == State.APPROVED


def test_every_approver_is_credited_on_the_page_its_json_ld_and_the_api(staff, client):
    from articles.selectors import article_page

    revision = under_review(staff, approvals=2)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    services.revision_approve(actor=staff.second_reviewer, revision=revision)
    page = article_page(revision.article.slug)
    assert [credit.person_id for credit in page.attribution.approvers] == [staff.reviewer.pk, staff.second_reviewer.pk]
    assert page.attribution.others == ()
    html = client.get(f"/articles/{revision.article.slug}/").content.decode()
    assert 'by <span class="reviewer">Ada Reviewer</span> and <span class="reviewer">second_reviewer</span>' in html
    assert html.count('"roleName":"approved"') == 2
    api = client.get(f"/api/v1/articles/{revision.article.slug}/")
    assert api.status_code == 200
    reviewers = api.json()["reviewers"]
    assert [(r["name"], r["roles"]) for r in reviewers] == [
        ("Ada Reviewer", ["started_review", "approved"]),
        ("second_reviewer", ["approved"]),
    ]


@pytest.mark.corrupts_data
def test_a_partial_approval_is_an_event_the_integrity_check_accepts_and_a_doubled_one_it_reports(staff):
    revision = under_review(staff, approvals=3)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    assert find_violations() == []
    TransitionRecord.objects.create(
        revision=revision,
        article=revision.article,
        action="quorum_approve",
        from_state=State.UNDER_REVIEW,
        to_state=State.UNDER_REVIEW,
        actor=staff.reviewer,
    )
    assert any("counts one member's approval twice" in str(v) for v in find_violations())
