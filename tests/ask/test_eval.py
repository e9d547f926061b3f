"""`make eval`'s thresholds (issue 15), asserted over eval/questions.json on the demo, through the same
retrieval the answer page uses. The refusal threshold is one setting (VETTED_ASK_MIN_COVERAGE)."""

from io import StringIO

import pytest
from django.core.management import call_command

from ask.evaluation import evaluate, load_questions

pytestmark = pytest.mark.django_db


def test_the_box_meets_the_issue_thresholds_on_the_evaluation_set():
    call_command("seed_demo", stdout=StringIO())
    questions = load_questions()
    report = evaluate(questions)
    assert report.answerable and report.unanswerable and report.emergencies, "the set needs every kind"
    assert report.top3 / report.answerable >= 0.90, report.lines()
    assert report.refused / report.unanswerable >= 0.90, report.lines()
    assert report.wrongly_refused / report.answerable <= 0.10, report.lines()
    assert report.caught == report.emergencies, report.lines()
