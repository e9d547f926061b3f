from editorial.readability import grade, plain_text, revision_readability
from tests.factories import make_article

EASY = "Calcium builds up in the skin. It hurts. A nurse can help you."
HARD = (
    "Calciphylaxis, otherwise designated calcific uremic arteriolopathy, constitutes a devastating "
    "vasculopathic syndrome characterised by progressive medial calcification, intimal hyperplasia and "
    "consequential thrombotic occlusion of cutaneous arterioles, precipitating excruciating ischaemic necrosis."
)


def test_plain_text_drops_markdown_and_citations():
    assert plain_text("**Calcium** builds up [@ref1; @ref2].\n\n- It *hurts*.") == "Calcium builds up . It hurts."


def test_simple_text_grades_low_and_dense_text_high():
    assert grade(EASY) < 6
    assert grade(HARD) > 14
    assert grade("") is None


def test_sections_above_the_target_are_flagged(staff, settings):
    settings.VETTED_READABILITY_TARGET_GRADE = 8
    revision = make_article(
        actor=staff.author,
        sections=[
            {"heading": "What it is", "body": "x", "plain_body": EASY},
            {"heading": "Mechanism", "body": "x", "plain_heading": "How it happens", "plain_body": HARD},
            {"heading": "Professional only", "body": "x"},
        ],
    )
    results = revision_readability(revision)
    assert [(r.heading, r.above_target) for r in results] == [("What it is", False), ("How it happens", True)]
