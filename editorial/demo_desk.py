"""Demo data for the review desk: an assignment and a comment thread on the revision in review.

The thread is resolved: an open thread would make every later approval of the demo update (in the
reader site's tests, say) ask for confirmation.
"""

from editorial import services
from editorial.models import Revision
from editorial.rules import State


def seed_review_desk(users: dict) -> None:
    """Idempotent: does nothing once the calciphylaxis update has comments."""
    revision = Revision.objects.filter(article__slug="calciphylaxis", state=State.UNDER_REVIEW).first()
    if revision is None or revision.review_comments.exists():
        return
    services.revision_assign(actor=users["chief"], revision=revision, reviewer=users["board2"])
    section = revision.sections.first()
    thread = services.review_comment_add(
        actor=users["board2"],
        revision=revision,
        section=section,
        quote=" ".join(section.body.split()[:8]) if section else "",
        body="Please add how often this happens in people on dialysis, with a source.",
    )
    services.review_comment_add(
        actor=users["editor2"],
        revision=revision,
        parent=thread,
        body="Added the incidence figure from the cohort study to the summary.",
    )
    services.review_comment_resolve(actor=users["board2"], comment=thread)
