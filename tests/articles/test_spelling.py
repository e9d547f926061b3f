"""British and American spellings fold to one form (articles.search.spelling), and are marked in either."""

import re

import pytest

from articles.search import fold_text, fold_word, highlight, variant_pattern

# (British, American): each pair must fold alike, and each spelling's pattern must match both.
PAIRS = [
    ("hyperkalaemia", "hyperkalemia"),
    ("anaemia", "anemia"),
    ("oesophagus", "esophagus"),
    ("paediatric", "pediatric"),
    ("haemodialysis", "hemodialysis"),
    ("haemoglobin", "hemoglobin"),
    ("leukaemia", "leukemia"),
    ("ischaemic", "ischemic"),
    ("uraemic", "uremic"),
    ("caesarean", "cesarean"),
    ("faeces", "feces"),
    ("gynaecology", "gynecology"),
    ("orthopaedic", "orthopedic"),
    ("anaesthesia", "anesthesia"),
    ("aetiology", "etiology"),
    ("oedema", "edema"),
    ("oestrogen", "estrogen"),
    ("diarrhoea", "diarrhea"),
    ("dyspnoea", "dyspnea"),
    ("coeliac", "celiac"),
    ("foetal", "fetal"),
    ("amoeba", "ameba"),
    ("homoeopathy", "homeopathy"),
    ("manoeuvre", "maneuver"),
    ("tumour", "tumor"),
    ("tumours", "tumors"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("odour", "odor"),
    ("favourite", "favorite"),
    ("labourer", "laborer"),
    ("hospitalised", "hospitalized"),
    ("organisation", "organization"),
    ("randomised", "randomized"),
    ("immunisation", "immunization"),
    ("analyse", "analyze"),
    ("dialyser", "dialyzer"),
    ("paralysed", "paralyzed"),
    ("litre", "liter"),
    ("millimetres", "millimeters"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("analogue", "analog"),
    ("sulphonylurea", "sulfonylurea"),
    ("leucocyte", "leukocyte"),
    ("Hyperkalaemia", "HYPERKALEMIA"),  # case does not matter
    ("æstivation", "estivation"),  # nor a ligature
]

# Words whose British-looking letters are not a British spelling: folding them would merge different words.
KEPT = [
    "four", "hour", "hours", "your", "pour", "sour", "tour", "tours", "flour", "contour", "detour", "devour",
    "vertebrae", "algae", "larvae", "aerobic", "exercise", "bruise", "advise", "size", "rogue", "vogue",
    "acre", "genre", "does", "toes", "shoes", "poet", "heroes", "journal", "citizen", "hourly", "leucine",
]  # fmt: skip


@pytest.mark.parametrize(("british", "american"), PAIRS)
def test_both_spellings_fold_to_one_form(british, american):
    assert fold_word(british) == fold_word(american)


@pytest.mark.parametrize(("british", "american"), PAIRS)
def test_the_pattern_of_either_spelling_matches_both(british, american):
    for term in (british, american):
        pattern = re.compile(variant_pattern(term), re.I)
        assert pattern.fullmatch(british) and pattern.fullmatch(american), (term, pattern.pattern)


@pytest.mark.parametrize("word", KEPT)
def test_words_that_only_look_british_are_left_alone(word):
    assert fold_word(word) == word


def test_fold_text_keeps_what_is_not_a_word():
    assert fold_text('"Oesophageal tumours" or anaemia -paediatric, 25 g') == (
        '"esophageal tumors" or anemia -pediatric, 25 g'
    )


def test_the_pattern_escapes_everything_but_letters():
    assert re.fullmatch(variant_pattern("o'brien"), "o'brien")
    assert re.fullmatch(variant_pattern("a+b"), "a+b") and not re.fullmatch(variant_pattern("a+b"), "aab")


def test_a_snippet_marks_the_articles_own_spelling_of_the_readers_word():
    text = "Hyperkalaemia in paediatric patients; the oesophagus."
    assert highlight(text, ["hyperkalemia", "pediatric", "esophagus"]) == (
        "<mark>Hyperkalaemia</mark> in <mark>paediatric</mark> patients; the <mark>oesophagus</mark>."
    )
    assert highlight("Tumours grow.", ["tumor"], whole_words=True) == "<mark>Tumours</mark> grow."
