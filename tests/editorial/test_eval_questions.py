"""The question box's evaluation set (eval/) agrees with the seeded demo: every expected answer is a section of a
published article, with the heading that audience sees, and the set keeps its minimum size and shape."""

import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article

EVAL = Path(__file__).resolve().parents[2] / "eval"
QUESTIONS = json.loads((EVAL / "questions.json").read_text())
VOCABULARY = json.loads((EVAL / "vocabulary.json").read_text())
EMERGENCY = json.loads((EVAL / "emergency_phrases.json").read_text())

PATIENT, PROFESSIONAL = "patient-or-caregiver", "healthcare-professional"
KINDS = {"answerable", "unanswerable", "emergency"}
MINIMUMS = {"total": 80, "answerable": 55, "unanswerable": 20, "emergency": 8}


def normalised(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker) -> SimpleNamespace:
    """The demo's slugs, and {slug: {audience: headings of the published revision's sections as that audience
    sees them}}, from seed_demo run once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        headings = {}
        for article in Article.objects.filter(published_revision__isnull=False).select_related("published_revision"):
            sections = list(article.published_revision.sections.all())
            headings[article.slug] = {
                PROFESSIONAL: {section.heading for section in sections},
                # The plain register falls back to the professional heading where none is written.
                PATIENT: {section.plain_heading or section.heading for section in sections},
            }
        slugs = set(Article.objects.values_list("slug", flat=True))
        transaction.set_rollback(True)
    return SimpleNamespace(slugs=slugs, headings=headings)


@pytest.fixture
def demo(demo_module, db) -> SimpleNamespace:
    return demo_module


def test_every_question_has_the_documented_shape():
    for item in QUESTIONS:
        assert set(item) == {"question", "audience", "asked_on", "kind", "answers"}, item
        assert item["question"].strip() == item["question"] and item["question"], item
        assert item["audience"] in {PATIENT, PROFESSIONAL}, item
        assert item["kind"] in KINDS, item
        assert item["asked_on"] is None or isinstance(item["asked_on"], str), item
        assert bool(item["answers"]) == (item["kind"] == "answerable"), item
        for answer in item["answers"]:
            assert set(answer) == {"article", "heading"}, item


def test_the_set_meets_its_minimums_and_mixes_audiences_and_places():
    counts = Counter(item["kind"] for item in QUESTIONS)
    assert len(QUESTIONS) >= MINIMUMS["total"]
    for kind in KINDS:
        assert counts[kind] >= MINIMUMS[kind], (kind, counts)
    for kind in ("answerable", "unanswerable"):
        audiences = Counter(item["audience"] for item in QUESTIONS if item["kind"] == kind)
        assert audiences[PATIENT] >= 10 and audiences[PROFESSIONAL] >= 5, (kind, audiences)
    places = Counter(item["asked_on"] is None for item in QUESTIONS)
    assert places[True] >= 20 and places[False] >= 20, places


def test_no_question_is_asked_twice():
    seen = Counter(normalised(item["question"]) for item in QUESTIONS)
    assert [question for question, count in seen.items() if count > 1] == []


def test_every_asked_on_slug_is_a_demo_article(demo):
    assert {item["asked_on"] for item in QUESTIONS if item["asked_on"]} <= demo.slugs


def test_every_answer_is_a_section_of_a_published_article_as_that_audience_sees_it(demo):
    wrong = [
        (item["question"], answer)
        for item in QUESTIONS
        for answer in item["answers"]
        if answer["heading"] not in demo.headings.get(answer["article"], {}).get(item["audience"], set())
    ]
    assert wrong == []


def test_every_published_demo_article_answers_questions_from_both_audiences(demo):
    answered = {(answer["article"], item["audience"]) for item in QUESTIONS for answer in item["answers"]}
    assert len(demo.headings) >= 8
    assert {(slug, audience) for slug in demo.headings for audience in (PATIENT, PROFESSIONAL)} <= answered


def test_the_emergency_patterns_catch_every_emergency_and_nothing_else():
    """eval/emergency_phrases.json: Python regular expressions, matched case-insensitively anywhere in a question."""
    assert EMERGENCY["message"].strip()
    patterns = [re.compile(entry["pattern"], re.IGNORECASE) for entry in EMERGENCY["patterns"]]
    caught = {item["question"]: any(p.search(item["question"]) for p in patterns) for item in QUESTIONS}
    assert [q for q in QUESTIONS if caught[q["question"]] != (q["kind"] == "emergency")] == []


def test_the_vocabulary_has_one_row_per_term_each_with_meanings():
    assert 30 <= len(VOCABULARY) <= 80  # a starting table, not a dictionary (issue 15's refusal rule added 11)
    terms = [row["term"].lower() for row in VOCABULARY]
    assert len(terms) == len(set(terms))
    for row in VOCABULARY:
        assert set(row) == {"term", "means"} and row["means"], row
        assert all(isinstance(meaning, str) and meaning.strip() for meaning in row["means"]), row
