"""Graded recommendations: the {grade 1B} syntax, its badge in both registers, the scheme setting, diffing
and the refusal at submit (issue 17, point 2)."""

import pytest

from articles.rendering import PLAIN, PROFESSIONAL, render_markdown, render_revision, sanitize_html
from editorial import services
from editorial.compare import compare_revisions
from editorial.errors import EvidenceError
from tests.editorial.desk_helpers import sections_of
from tests.factories import ReferenceFactory, make_article, publish


def test_a_grade_renders_as_a_badge_linked_to_the_policy_explanation():
    html = render_markdown("We suggest sodium thiosulfate {grade 2C}.")
    assert (
        '<a class="grade" href="/editorial-policy/#grade-2c" title="Weak recommendation (a suggestion); '
        'low-quality evidence" rel="noopener noreferrer">GRADE 2C</a>' in html
    )
    assert sanitize_html(html) == html  # the badge is inside the allowlist: sanitising keeps it as it is


def test_patients_read_the_grade_in_plain_words():
    assert ">Strong advice, moderate evidence</a>" in render_markdown("We recommend it {grade 1b}.", PLAIN)


def test_the_scheme_is_a_site_setting(settings):
    settings.VETTED_GRADE_SCHEME = "SORT"
    assert ">SORT B</a>" in render_markdown("Probably helps {grade B}.")
    assert 'class="grade-invalid">invalid grade: 1B' in render_markdown("Old style {grade 1B}.")


def test_a_grade_in_code_is_an_example_and_an_unknown_grade_is_shown_to_staff():
    assert render_markdown("Write `{grade 1A}` after it.") == "<p>Write <code>{grade 1A}</code> after it.</p>"
    assert '<span class="grade-invalid">invalid grade: 3D' in render_markdown("Oops {grade 3D}.")


def test_a_hostile_grade_cannot_break_out_of_the_badge():
    html = render_markdown('{grade "><script>alert(1)</script>}')
    assert "<script" not in html and "grade-invalid" not in html  # not a grade at all: left as text


def test_the_published_page_keeps_the_grades_for_its_metadata(staff):
    ReferenceFactory(key="a")
    revision = make_article(
        actor=staff.author,
        sections=[{"heading": "Treatment", "body": "Use it {grade 1A} [@a].", "plain_body": "Take it {grade 2B}."}],
    )
    assert render_revision(revision, PROFESSIONAL).grades == ("1A",)
    assert render_revision(revision, PLAIN).grades == ("2B",)


def test_submit_refuses_a_grade_the_scheme_does_not_have_and_changes_nothing(staff):
    revision = make_article(
        actor=staff.author, sections=[{"heading": "Treatment", "body": "Use it {grade 3D}. Or {grade 2C}."}]
    )
    with pytest.raises(EvidenceError, match=r"3D is not a grade of the GRADE scheme .*1A, 1B, 1C, 2A, 2B, 2C"):
        services.revision_submit(actor=staff.author, revision=revision)
    revision.refresh_from_db()
    assert revision.state == "draft" and revision.version == 1


def test_a_changed_grade_is_part_of_the_revision_diffed_and_approved(staff):
    ReferenceFactory(key="a")
    draft = make_article(actor=staff.author, sections=[{"heading": "Treatment", "body": "Use it {grade 2C} [@a]."}])
    approved = publish(draft, editor=staff.author, reviewer=staff.reviewer)
    update = services.revision_start_new(actor=staff.second_editor, article=approved.article)
    (treatment,) = sections_of(update)
    treatment["body"] = "Use it {grade 1B} [@a]."
    update = services.revision_edit(
        actor=staff.second_editor, revision=update, expected_version=update.version, sections=[treatment]
    )
    body = compare_revisions(approved, update).sections[0].registers[0].fields[1]
    assert "<del>2C}</del><ins>1B}</ins>" in body.html.replace("{grade ", "")
    published = publish(update, editor=staff.second_editor, reviewer=staff.reviewer)
    assert "GRADE 1B" in render_revision(published, PROFESSIONAL).sections[0].html
