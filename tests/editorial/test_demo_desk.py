from io import StringIO

from django.core.management import call_command

from editorial.models import ReviewAssignment, ReviewComment


def test_demo_shows_the_review_desk_with_an_assignment_and_a_resolved_thread(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent

    [assignment] = ReviewAssignment.objects.all()
    assert assignment.reviewer.username == "board2"
    [thread] = ReviewComment.objects.filter(parent__isnull=True)
    assert thread.revision == assignment.revision
    assert thread.resolved_by.username == "board2"  # resolved, so approving the demo update needs no confirmation
    assert [reply.author.username for reply in thread.replies.all()] == ["editor2"]
