from editorial import services
from editorial.models import TransitionRecord
from editorial.rules import State
from tests.factories import make_article, publish


def test_publish_and_new_revision_supersedes(staff):
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert first.state == State.APPROVED
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    assert [s.heading for s in second.sections.all()] == ["Causes", "Treatment"]
    second = services.revision_edit(actor=staff.second_editor, revision=second, expected_version=1, title="What is it?")
    second = publish(second, editor=staff.second_editor, reviewer=staff.reviewer)
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED
    assert second.article.published_revision == second
    assert TransitionRecord.objects.filter(revision=first).count() == 5
