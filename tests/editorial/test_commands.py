import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from tests.factories import make_article


def test_transition_command_uses_the_service_and_its_rules(staff):
    revision = make_article(actor=staff.author)
    call_command("transition", revision.pk, "submit", "--as", "author")
    assert Revision.objects.get(pk=revision.pk).state == State.SUBMITTED
    with pytest.raises(CommandError, match="Only a board member may"):
        call_command("transition", revision.pk, "start_review", "--as", "author")
    assert TransitionRecord.objects.filter(revision=revision).count() == 2


def test_seed_demo_then_check_integrity_exits_0_and_again_after_a_second_seed(db, capsys):
    """The demo must pass its own integrity check: the desk's assignment records are events, not moves."""
    call_command("seed_demo")
    call_command("check_integrity")  # raises CommandError (a non-zero exit) on any violation
    call_command("seed_demo")
    call_command("check_integrity")
    assert TransitionRecord.objects.filter(action="assign").exists()  # the check saw an assignment
    assert "no violations" in capsys.readouterr().out


def test_seed_demo_is_idempotent_and_covers_every_state(db, capsys):
    call_command("seed_demo")
    counts = (Article.objects.count(), Revision.objects.count(), TransitionRecord.objects.count())
    call_command("seed_demo")
    assert (Article.objects.count(), Revision.objects.count(), TransitionRecord.objects.count()) == counts
    assert set(Revision.objects.values_list("state", flat=True)) == {s.value for s in State}
    calciphylaxis = Article.objects.get(slug="calciphylaxis")
    assert calciphylaxis.published_revision.state == State.APPROVED
    assert calciphylaxis.revisions.filter(state=State.UNDER_REVIEW).exists()
    assert "demo-board-pass" in capsys.readouterr().out
