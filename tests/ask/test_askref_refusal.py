"""The question box's refusal rule (README, "The question box: refusal"): a passage is quoted only when every
idea the question asks about is one the approved articles talk about, the best passage covers enough of the
question, and, for "how long" / "how often" / "how much", the passage gives that kind of answer."""

import pytest

from ask import retrieval, services
from ask.concepts import Lexicon, answer_kinds, gives, tokens
from ask.models import Wording
from ask.retrieval import answer
from editorial import services as editorial
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECTIONS = [
    {
        "heading": "Life after a transplant",
        "body": "After a kidney transplant most people return to work within three months.",
        "plain_body": "After a kidney transplant most people go back to work within three months.",
    },
    {
        "heading": "Dialysis sessions",
        "body": "Haemodialysis sessions are held in a unit near home.",
        "plain_body": "Dialysis sessions happen in a unit near your home.",
    },
    {
        "heading": "Bleeding",
        "body": "Major bleeding on warfarin is treated with intravenous vitamin K.",
        "plain_body": "If you bleed a lot on warfarin, go to hospital.",
    },
]


def publish(staff):
    revision = make_article(actor=staff.author, slug="transplant", title="Kidney transplant", sections=SECTIONS)
    revision = editorial.revision_submit(actor=staff.author, revision=revision)
    revision = editorial.revision_start_review(actor=staff.reviewer, revision=revision)
    return editorial.revision_approve(actor=staff.reviewer, revision=revision)


def approve_synonym(staff, text, means):
    wording = services.wording_save(
        actor=staff.author, wording=Wording(kind=Wording.Kind.SYNONYM, text=text, means=means)
    )
    return services.wording_approve(actor=staff.reviewer, wording=wording)


def test_a_question_about_an_idea_no_approved_passage_mentions_is_refused_though_its_other_words_match(staff):
    publish(staff)
    assert not answer("when can I go back to work after a kidney transplant", "professional").refused
    near_miss = answer("can I get pregnant after a kidney transplant", "professional")
    assert near_miss.refused and near_miss.ranked  # ranked passages exist, but none talks about pregnancy
    assert [idea.stems for idea in near_miss.unknown] == [frozenset({"pregnant"})]


def test_a_synonym_counts_whichever_of_its_wordings_the_reader_uses(staff):
    publish(staff)
    assert answer("major haemorrhage on warfarin", "professional").refused  # the articles say "bleeding"
    approve_synonym(staff, "bleeding", "haemorrhage")
    assert not answer("major haemorrhage on warfarin", "professional").refused  # the articles' side of it
    assert not answer("major bleeding on warfarin", "professional").refused


def test_a_misspelt_word_is_read_as_the_articles_word_it_is_closest_to(staff):
    publish(staff)
    result = answer("transplnat kidney work", "professional")
    assert not result.refused and not result.unknown


def test_how_long_is_answered_only_by_a_passage_that_gives_a_duration(staff):
    publish(staff)
    assert not answer("how long after a kidney transplant can I go back to work", "professional").refused
    assert answer("how long does each haemodialysis session take", "professional").refused
    assert not answer("where are haemodialysis sessions held", "professional").refused


def test_answer_kinds_and_what_gives_them():
    assert answer_kinds("How long does it take?") == ["duration"]
    assert answer_kinds("how often should I have my INR checked") == ["frequency"]
    assert answer_kinds("how much salt can I have") == ["quantity"]
    assert answer_kinds("what is calciphylaxis") == []
    assert gives(["duration"], "Most wounds heal within 6 to 8 weeks.")
    assert not gives(["duration"], "Wounds heal slowly.")
    assert gives(["frequency"], "Check it every week at first.") and gives(["quantity"], "Up to 5 g a day.")


def test_the_lexicon_knows_words_that_share_their_start_with_the_articles_words():
    lexicon = Lexicon(tokens("breathlessness necrosis potassium"))
    assert lexicon.knows(tokens("breath")[0]) and lexicon.knows(tokens("necrotic")[0])
    assert not lexicon.knows(tokens("pregnant")[0]) and not lexicon.knows(tokens("calcinosis")[0])
    assert lexicon.spelt(tokens("potasium")[0]) == tokens("potassium")[0]


@pytest.mark.django_db(transaction=True)  # the warm-up thread reads through its own connection
def test_a_worker_builds_its_index_at_start_and_still_drops_a_withdrawn_article_at_once(staff):
    revision = publish(staff)
    retrieval.forget_indexes()
    retrieval.warm_in_background().join(timeout=60)
    assert retrieval._built and retrieval._built[0].version == retrieval.passage_version()  # built before asked
    assert not answer("when can I go back to work after a kidney transplant", "professional").refused
    editorial.revision_withdraw(actor=staff.chief, revision=revision, comment="Out of date.")
    assert answer("when can I go back to work after a kidney transplant", "professional").ranked == []


def test_a_question_asked_while_the_index_is_still_being_built_gets_a_503_not_a_stuck_worker(
    staff, client, monkeypatch
):
    publish(staff)
    monkeypatch.setattr(retrieval, "BUILD_WAIT_SECONDS", 0.01)
    with retrieval._lock:  # another thread of the worker is building
        response = client.get("/ask/", {"q": "when can I go back to work", "audience": "healthcare-professional"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "starting up" in response.content.decode()
    response = client.get("/ask/", {"q": "when can I go back to work", "audience": "healthcare-professional"})
    assert response.status_code == 200  # the 503 was not cached
