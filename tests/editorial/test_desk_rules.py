"""The review desk's permission rules as a table: one row per (who, question, expected answer)."""

import pytest

from editorial import rules, services
from tests.editorial.desk_helpers import published_article, submitted_revision

ROWS = [
    # user, may start a thread, may reply, may assign, may confirm current, may see the dashboard
    ("author", False, True, False, False, False),
    ("second_editor", False, True, False, False, False),
    ("reviewer", True, True, False, True, False),
    ("second_reviewer", True, True, False, True, False),
    ("chief", False, True, True, False, True),
    ("superuser", True, True, True, True, True),
]


@pytest.mark.parametrize(("who", "comment", "reply", "assign", "confirm", "dashboard"), ROWS)
def test_desk_permissions_by_role(staff, who, comment, reply, assign, confirm, dashboard):
    approved = published_article(staff)
    revision = submitted_revision(staff, approved, start_review=False)
    user = getattr(staff, who)
    assert rules.may_comment(user, revision) is comment
    assert rules.may_reply(user, revision) is reply
    assert rules.may_assign(user, revision) is assign
    assert rules.may_confirm_current(user, approved.article) is confirm
    assert rules.may_use_desk(user) is True
    try:
        rules.check_dashboard(user)
    except rules.WrongRoleError:
        assert dashboard is False
    else:
        assert dashboard is True


def test_resolving_is_for_the_thread_author_and_editors(staff):
    revision = submitted_revision(staff, published_article(staff))
    thread = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Why?")
    everyone = ("author", "second_editor", "reviewer", "second_reviewer", "chief", "superuser")
    assert {who for who in everyone if rules.may_resolve(getattr(staff, who), thread)} == {
        "author",
        "second_editor",
        "reviewer",
        "chief",
        "superuser",
    }
