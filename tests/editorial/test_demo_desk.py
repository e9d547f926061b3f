from io import StringIO

from django.core.management import call_command

from editorial.models import ReviewAssignment, ReviewComment


def test_demo_shows_the_review_desk_with_an_assignment_and_an_open_thread(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent

    [assignment] = ReviewAssignment.objects.all()
    assert assignment.reviewer.username == "board2"
    [thread] = ReviewComment.objects.filter(parent__isnull=True)
    assert thread.is_open and thread.revision == assignment.revision
    assert [reply.author.username for reply in thread.replies.all()] == ["editor2"]
