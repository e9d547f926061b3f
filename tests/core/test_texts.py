"""core/texts.py: the one list of a revision's text fields, and its texts in reading order."""

from core.texts import REVISION_TEXT_FIELDS, SECTION_TEXT_FIELDS, revision_texts
from editorial.models import Revision, Section
from tests.factories import make_article


def test_the_text_fields_are_fields_of_the_models():
    revision_fields = {field.name for field in Revision._meta.get_fields()}
    section_fields = {field.name for field in Section._meta.get_fields()}
    assert set(REVISION_TEXT_FIELDS) <= revision_fields
    assert set(SECTION_TEXT_FIELDS) <= section_fields


def test_revision_texts_reads_both_registers_in_reading_order(staff):
    revision = make_article(
        actor=staff.author,
        title="Title?",
        plain_title="Plain title?",
        summary="Summary.",
        plain_summary="Plain summary.",
        sections=[
            {"heading": "One", "body": "Body one.", "plain_heading": "P one", "plain_body": "Plain one."},
            {"heading": "Two", "body": "Body two."},
        ],
    )
    texts = revision_texts(revision)
    own = len(REVISION_TEXT_FIELDS)
    assert texts[:own] == [getattr(revision, field) for field in REVISION_TEXT_FIELDS]
    assert {"Title?", "Plain title?", "Summary.", "Plain summary."} <= set(texts[:own])
    assert texts[own : own + 4] == ["One", "Body one.", "P one", "Plain one."]
    assert texts[own + 4 : own + 6] == ["Two", "Body two."]
