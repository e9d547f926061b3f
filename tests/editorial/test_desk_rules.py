"""The review desk's permission rules as a table: one row per (who, question, expected answer)."""

import pytest

from editorial import errors, permissions, services
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
    assert permissions.allowed(user, "comment", revision) is comment
    assert permissions.allowed(user, "reply", revision) is reply
    assert permissions.allowed(user, "assign", revision) is assign
    assert permissions.allowed(user, "confirm_current", approved.article) is confirm
    assert permissions.allowed(user, "use_desk") is True
    try:
        permissions.check(user, "dashboard")
    except errors.WrongRoleError:
        assert dashboard is False
    else:
        assert dashboard is True


def test_resolving_is_for_the_thread_author_and_editors(staff):
    revision = submitted_revision(staff, published_article(staff))
    thread = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Why?")
    everyone = ("author", "second_editor", "reviewer", "second_reviewer", "chief", "superuser")
    assert {who for who in everyone if permissions.allowed(getattr(staff, who), "resolve", thread)} == {
        "author",
        "second_editor",
        "reviewer",
        "chief",
        "superuser",
    }
