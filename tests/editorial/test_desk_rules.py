"""The review desk's permission rules as a table: one row per (who, question, expected answer)."""

import pytest

from editorial import errors, permissions, services
from tests.editorial.desk_helpers import published_article, submitted_revision
from tests.factories import make_user

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


# Who may resolve a thread the reviewer started. Until issue 14 only the thread's author and editors could;
# now any board member may while the revision is open (so "second_reviewer" turned True in the open
# column), and on a decided revision the old rule still holds.
RESOLVE_ROWS = [
    # user, on a revision in review, on an approved revision (approved with the thread open)
    ("author", True, True),
    ("second_editor", True, True),
    ("reviewer", True, True),  # the thread's author
    ("second_reviewer", True, False),  # another board member: only while the revision is open
    ("chief", True, True),
    ("superuser", True, True),
    ("outsider", False, False),  # staff without a workflow role
]


@pytest.mark.parametrize(("who", "in_review", "decided"), RESOLVE_ROWS)
def test_who_may_resolve_a_thread(staff, who, in_review, decided):
    revision = submitted_revision(staff, published_article(staff))
    thread = services.review_comment_add(actor=staff.reviewer, revision=revision, body="Why?")
    user = make_user("outsider") if who == "outsider" else getattr(staff, who)
    assert permissions.allowed(user, "resolve", thread) is in_review

    services.revision_approve(actor=staff.reviewer, revision=revision, confirm_open_threads=True)
    thread.refresh_from_db()
    assert thread.is_open
    assert permissions.allowed(user, "resolve", thread) is decided
