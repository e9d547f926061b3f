"""Every refusal reads as a sentence, for every action and state it is formatted with.

"A comment is required to request changes a revision" came from formatting a message with the action's
code. Two tables guard against it: every message of ``editorial/errors.py`` formatted with every value
its placeholders take, and every refusal the policy actually raises for every user, action and state.
"""

import re
import string

import pytest

from editorial import errors, permissions, services
from editorial.models import Revision
from editorial.rules import RULES, State
from tests.factories import make_article

SAMPLE_VALUES = {
    "number": ["3"],
    "count": ["2"],
    "expected": ["4"],
    "actual": ["5"],
    "keys": ["[@nigwekar2015], [@kdigo2017]"],
    "name": ["Ada Reviewer"],
    "label": [rule.label for rule in RULES.values() if not rule.system],
    "reason": ["A comment is required to reject a revision: say why."],
    "what": ["its title or summary, its sections"],
    "action": [errors.action_phrase(action) for action in RULES],
    "state": [errors.state_phrase(state) for state in State],
    "who": [rule.who for rule in RULES.values() if not rule.system],
    "declared": ["2026-01-12"],
    "until": ["2027-01-12"],
    "interests": ["Consulting fees, Renalis Pharma"],
    "topics": ["kidney, dosing"],
    "needed": ["2"],
    "advice": [errors.START_NEW_REVISION_ADVICE, *errors.IMMUTABLE_ADVICE.values()],
    # Evidence (issue 17): grades, schemes and the blocking quality findings as editorial.quality lists them.
    "grades": ["3D", "3D, 1D"],
    "scheme": ["GRADE", "SORT"],
    "valid": ["1A, 1B, 1C, 2A, 2B, 2C", "A, B, C"],
    "findings": ["Treatment: A figure without a source in its sentence: “Mortality is 45% at one year.”"],
}
# Joins that read wrong: an action phrase missing its preposition, or a state label after "is".
BAD_JOINS = ["changes a revision", "review a revision", "is changes requested", "is draft", "is under_review"]


def sentence_problems(text: str) -> list[str]:
    """What keeps ``text`` from reading as a sentence (empty when it does)."""
    problems = []
    if not (text[:1].isupper() or text[:1].isdigit()):
        problems.append("does not start with a capital letter")
    if not text.endswith("."):
        problems.append("does not end with a full stop")
    if doubled := re.search(r"\b(\w+)\s+\1\b", text, re.IGNORECASE):
        problems.append(f"doubled word {doubled.group(0)!r}")
    if re.search(r"[{}]|\b\w+_\w+\b", text):
        problems.append("an unfilled placeholder or a raw code")
    if "  " in text or re.search(r"\s[.,:;]", text):
        problems.append("stray spacing")
    problems += [f"reads {join!r}" for join in BAD_JOINS if join in text.lower()]
    return problems


def message_templates() -> dict[str, str]:
    return {name: value for name, value in vars(errors).items() if name.endswith("_MESSAGE")}


def formatted(template: str) -> list[str]:
    """``template`` formatted with every combination of the values its placeholders take."""
    names = sorted({field for _, field, _, _ in string.Formatter().parse(template) if field})
    results = [{}]
    for name in names:
        results = [{**values, name: value} for values in results for value in SAMPLE_VALUES[name]]
    return [template.format(**values) for values in results]


@pytest.mark.parametrize("name", sorted(message_templates()))
def test_every_message_reads_as_a_sentence_with_every_value(name):
    bad = {text: problems for text in formatted(message_templates()[name]) if (problems := sentence_problems(text))}
    assert bad == {}


def test_every_action_and_state_has_words():
    assert set(errors.ACTION_PHRASES) == set(RULES)
    assert set(errors.STATE_PHRASES) == {state.value for state in State}


def test_the_sentence_check_catches_the_old_wording():
    assert sentence_problems("A comment is required to request changes a revision: say why.")
    assert sentence_problems("You cannot start review a revision that is changes requested.")
    assert sentence_problems("Only the the editor-in-chief may withdraw a revision")


def test_every_refusal_of_the_policy_reads_as_a_sentence(staff):
    """Each user, each action, each state, with and without a comment: every refusal raised is a sentence."""
    revision = make_article(actor=staff.author)
    users = [staff.author, staff.second_editor, staff.reviewer, staff.chief, staff.superuser]
    refusals = set()
    for state in State:
        # The saved revision as the policy would see it in ``state`` (the state field is protected; nothing is saved).
        in_state = Revision(pk=revision.pk, article_id=revision.article_id, number=1, author=staff.author, state=state)
        for user in users:
            for action in [*RULES, "comment", "reply", "assign", "edit"]:
                for comment in ("", "Because."):
                    try:
                        permissions.check(user, action, in_state, comment=comment)
                    except errors.WorkflowError as refusal:
                        refusals.add(str(refusal))
    bad = {text: problems for text in refusals if (problems := sentence_problems(text))}
    assert bad == {}
    assert "A comment is required to request changes to a revision: say why." in refusals
    assert "You cannot start the review of a revision that is back with its editor for changes." in refusals
    assert "Only the editor-in-chief may withdraw a revision." in refusals
    assert "Nobody may supersede a revision by hand: the workflow does it when a newer revision is approved." in (
        refusals
    )
    assert (
        "Revision 1 is submitted for review, so its content can no longer be changed. Its author may recall it "
        "to draft until a board member starts the review." in refusals
    )
    assert len(refusals) > 40


def test_starting_a_second_revision_is_refused_in_a_sentence(staff):
    revision = make_article(actor=staff.author)
    with pytest.raises(errors.OpenRevisionExistsError) as refused:
        services.revision_start_new(actor=staff.author, article=revision.article)
    assert str(refused.value) == "Revision 1 of this article is still a draft; finish it before starting another."
