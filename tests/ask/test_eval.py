"""`make eval`'s thresholds (issue 15), asserted over eval/questions.json on the demo, through the same
retrieval the answer page uses. The refusal threshold is one setting (VETTED_ASK_MIN_COVERAGE); the rule it
is part of is in ask/concepts.py."""

from io import StringIO

import pytest
from django.core.management import call_command

from ask.evaluation import Report, calibrate, evaluate, load_questions, refusal_figures

pytestmark = pytest.mark.django_db


def _report() -> Report:
    call_command("seed_demo", stdout=StringIO())
    report = evaluate(load_questions())
    assert report.answerable and report.unanswerable and report.emergencies, "the set needs every kind"
    return report


def test_the_box_ranks_refuses_rarely_and_catches_emergencies_on_the_evaluation_set():
    report = _report()
    assert report.top3 / report.answerable >= 0.90, report.lines()
    assert report.wrongly_refused / report.answerable <= 0.10, report.lines()
    assert report.caught == report.emergencies, report.lines()


def test_the_box_refuses_the_unanswerable_questions_of_the_evaluation_set():
    report = _report()
    assert report.refused / report.unanswerable >= 0.90, report.lines()


def test_calibration_picks_the_highest_threshold_that_keeps_wrongly_refused_within_the_limit():
    answerable = [("answerable", best / 100, "q", False) for best in range(20, 40)]  # 20 questions, 0.20 to 0.39
    coverages = answerable + [
        ("unanswerable", 0.1, "u", False),
        ("unanswerable", 0.25, "v", False),
        ("unanswerable", 0.9, "w", True),  # asks about an idea no passage talks about: refused at any threshold
        ("emergency", 0.0, "e", False),
    ]
    # 10% of 20 is 2 answerable refused at most: those at 0.20 and 0.21, so any threshold up to 0.22.
    assert calibrate(coverages) == 0.22
    assert refusal_figures(coverages, 0.22) == (2, 3, 2, 20)
    assert refusal_figures(coverages, 0.30) == (3, 3, 10, 20)
