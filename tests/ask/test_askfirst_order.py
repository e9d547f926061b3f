"""Issue 15, "rank this article's passages first, then other articles'": asked on an article page, that
article's quotable passages come first, then the ones the site-wide box would quote; the site-wide box ranks by
score alone; the article the reader is on never turns a refusal into an answer, nor an answer into a refusal."""

import pytest
from django.urls import reverse

from ask.models import Passage
from ask.retrieval import ASKED_ON_BOOST, MIN_COVERAGE, answer
from tests.factories import make_article, publish

pytestmark = pytest.mark.django_db

CALCIPHYLAXIS = [
    {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
    {"heading": "Treatment", "body": "Sodium thiosulfate may help.", "plain_body": "A medicine may help."},
]
THIOSULFATE = [
    {
        "heading": "Dosing",
        "body": "Sodium thiosulfate dosing: sodium thiosulfate is given intravenously, sodium thiosulfate 25 g.",
        "plain_body": "A drip three times a week.",
    },
    {
        "heading": "Side effects",
        "body": "Nausea is common during infusions.",
        "plain_body": "Some people feel sick.",
    },
]
QUESTION = "is sodium thiosulfate used"  # both articles answer it; the thiosulfate article scores higher


@pytest.fixture
def articles(staff):
    """(calciphylaxis, sodium thiosulfate), both published."""
    calciphylaxis = make_article(actor=staff.author, slug="calciphylaxis", sections=CALCIPHYLAXIS)
    thiosulfate = make_article(actor=staff.author, slug="thiosulfate", title="Sodium thiosulfate", sections=THIOSULFATE)
    return tuple(
        publish(revision, editor=staff.author, reviewer=staff.reviewer).article
        for revision in (calciphylaxis, thiosulfate)
    )


def where(result) -> list[tuple[str, str]]:
    rows = dict(Passage.objects.values_list("pk", "article__slug"))
    headings = dict(Passage.objects.values_list("pk", "heading"))
    return [(rows[hit.passage_id], headings[hit.passage_id]) for hit in result.hits]


def test_site_wide_the_best_scoring_passage_comes_first_whichever_article_it_is_in(articles):
    result = answer(QUESTION, "professional")
    assert where(result)[:2] == [("thiosulfate", "Dosing"), ("calciphylaxis", "Treatment")]
    assert result.hits[0].score > result.hits[1].score  # the premise: the other article's passage scores higher


def test_on_an_article_page_its_answering_passage_comes_first_then_the_other_articles(articles):
    calciphylaxis, _ = articles
    result = answer(QUESTION, "professional", asked_on_article_id=calciphylaxis.pk)
    assert where(result)[:2] == [("calciphylaxis", "Treatment"), ("thiosulfate", "Dosing")]
    assert result.hits[0].score < result.hits[1].score  # first because of where it was asked, not its score


def test_a_question_the_article_does_not_answer_gets_the_other_articles_passage_not_a_refusal(articles):
    calciphylaxis, _ = articles
    question = "is nausea common during thiosulfate infusions"
    on_page = answer(question, "professional", asked_on_article_id=calciphylaxis.pk)
    assert not on_page.refused
    assert where(on_page)[0] == ("thiosulfate", "Side effects")
    # The article's own passage that mentions thiosulfate covers too little of the question to be quoted.
    assert all(slug == "thiosulfate" for slug, _ in where(on_page))
    assert where(on_page) == where(answer(question, "professional"))


# The article asked on has a long passage that covers the whole question; another article has a short one that
# repeats one of its words, so it scores higher but covers too little: site-wide the box refuses. A boost for
# the article asked on alone (the rule before this change) put the long passage first and answered on its page.
VISITS = " ".join(f"Visit {n} notes record temperature, appetite, sleep and mood." for n in range(12))
WOUND_CARE = [
    {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
    {
        "heading": "Skin care",
        "body": "Each open wound is cleaned, then dressed by a nurse who also checks for signs of infection. " + VISITS,
        "plain_body": "A nurse helps.",
    },
]
DRESSINGS = [
    {"heading": "Dressings", "body": "Dressings: dress, dress, dress, dressing.", "plain_body": "Dressings."},
    {"heading": "Bandages", "body": "Bandages hold a dressing in place.", "plain_body": "Bandages."},
]


def test_the_article_asked_on_never_turns_a_refusal_into_an_answer(staff):
    calciphylaxis = make_article(actor=staff.author, slug="calciphylaxis", sections=WOUND_CARE)
    calciphylaxis = publish(calciphylaxis, editor=staff.author, reviewer=staff.reviewer).article
    dressings = make_article(actor=staff.author, slug="dressings", title="Dressings", sections=DRESSINGS)
    publish(dressings, editor=staff.author, reviewer=staff.reviewer)
    question = "how is a wound dressed"
    site_wide = answer(question, "professional")
    on_page = answer(question, "professional", asked_on_article_id=calciphylaxis.pk)
    assert site_wide.refused and site_wide.coverage < MIN_COVERAGE
    own = [hit for hit in on_page.ranked if hit.coverage >= MIN_COVERAGE]
    # The article's passage covers the question, and weighted by ASKED_ON_BOOST it outscores the other's.
    assert own and own[0].score * ASKED_ON_BOOST > site_wide.ranked[0].score
    assert on_page.refused and on_page.coverage == site_wide.coverage


def test_the_answer_page_quotes_the_articles_passage_first_when_asked_on_it(articles, client):
    def quoted(**extra) -> list[int]:
        body = client.get(reverse("ask:ask"), {"q": QUESTION, "audience": "healthcare-professional", **extra})
        text = body.content.decode()
        return [text.index("Sodium thiosulfate may help."), text.index("sodium thiosulfate is given")]

    on_page, site_wide = quoted(on="calciphylaxis"), quoted()
    assert on_page[0] < on_page[1]  # the calciphylaxis passage above the thiosulfate article's
    assert site_wide[0] > site_wide[1]
