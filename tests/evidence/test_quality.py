"""Pre-submit quality checks: each on a passing and a failing example; blocking is a site setting; the
study design is confirmed by a board member with history (issue 17, points 1 and 4)."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.models import BoardProfile
from editorial import quality, services
from editorial.errors import EvidenceError, WrongRoleError
from editorial.services.evidence import reference_confirm_design
from tests.factories import ReferenceFactory, make_article


def draft_with(staff, body: str = "", plain_body: str = "", summary: str = "A rare disease [@a].", **extra):
    ReferenceFactory(key="a", year=2024)
    return make_article(
        actor=staff.author,
        slug=f"article-{next(SLUGS)}",
        summary=summary,
        sections=[{"heading": "Treatment", "body": body, "plain_body": plain_body, **extra}],
    )


SLUGS = itertools.count()


def checks(findings) -> list[str]:
    return [finding.check for finding in findings]


def test_every_section_cites_a_source_or_says_it_needs_none(staff):
    assert quality.section_citations(draft_with(staff, "Thiosulfate is used [@a].")) == []
    (finding,) = quality.section_citations(draft_with(staff, "Thiosulfate is used."))
    assert finding.where == "Treatment" and "cites no source" in finding.message
    exempt = draft_with(staff, "Call your doctor if a sore appears. {no citation needed}")
    assert quality.section_citations(exempt) == []


def test_every_figure_with_a_unit_or_percentage_is_sourced_in_its_sentence(staff):
    passing = draft_with(staff, "Give 25 g three times a week [@a]. It is rare.", "About 1 in 100 people [@a].")
    assert quality.numbers_cited(passing) == []
    failing = draft_with(staff, "Mortality is 45% at one year. Give 25 g [@a].")
    (finding,) = quality.numbers_cited(failing)
    assert finding.message == "A figure without a source in its sentence: “Mortality is 45% at one year.”"
    assert quality.numbers_cited(draft_with(staff, "We recommend it {grade 1B} [@a].")) == []  # a grade is no figure


def test_author_and_reviewer_credentials_are_on_record(staff):
    revision = draft_with(staff, "x [@a]")
    assert checks(quality.credentials(revision)) == ["credentials"]  # the author has no profile
    BoardProfile.objects.create(user=staff.author, slug="author", display_name="A", credentials="MD")
    assert quality.credentials(revision) == []
    revision = services.revision_submit(actor=staff.author, revision=revision)
    services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.reviewer)
    (finding,) = quality.credentials(revision)
    assert finding.where == "Reviewer"
    BoardProfile.objects.create(user=staff.reviewer, slug="reviewer", display_name="R", credentials="MD, FASN")
    assert quality.credentials(revision) == []


def test_old_references_are_flagged(staff, settings):
    settings.VETTED_REFERENCE_MAX_AGE_YEARS = 10
    ReferenceFactory(key="old", year=1990)
    assert quality.reference_age(draft_with(staff, "New [@a].")) == []
    (finding,) = quality.reference_age(draft_with(staff, "Old [@old]. New [@a]."))
    assert finding.where == "[@old]" and "Published 1990" in finding.message


def test_plain_text_above_the_target_reading_grade_is_flagged(staff, settings):
    settings.VETTED_READABILITY_TARGET_GRADE = 8
    assert quality.reading_level(draft_with(staff, "x [@a]", "Take the medicine. It helps the skin.")) == []
    hard = (
        "Pharmacological interventions targeting vascular calcification demonstrate heterogeneous efficacy "
        "notwithstanding considerable methodological limitations characterising observational investigations."
    )
    assert checks(quality.reading_level(draft_with(staff, "x [@a]", hard))) == ["readability"]


def test_absolute_claims_are_flagged(staff):
    assert quality.absolute_claims(draft_with(staff, "Thiosulfate may help some people [@a].")) == []
    findings = quality.absolute_claims(draft_with(staff, "This cures it [@a].", "The medicine is completely safe."))
    assert [f.message.split(":")[0] for f in findings] == [
        "An absolute claim (“cures”)",
        "An absolute claim (“completely safe”)",
    ]


def test_checks_only_warn_unless_the_site_setting_makes_them_block(staff, settings):
    revision = draft_with(staff, "Mortality is 45% at one year.")
    assert "numbers_cited" in checks(quality.revision_findings(revision))
    settings.VETTED_QUALITY_BLOCKING = ["numbers_cited"]
    with pytest.raises(EvidenceError, match="Treatment: A figure without a source"):
        services.revision_submit(actor=staff.author, revision=revision)
    settings.VETTED_QUALITY_BLOCKING = []
    assert services.revision_submit(actor=staff.author, revision=revision).state == "submitted"


def test_an_unknown_blocking_check_fails_loudly(settings):
    settings.VETTED_QUALITY_BLOCKING = ["numbers"]
    with pytest.raises(ImproperlyConfigured, match="the checks are section_citations, numbers_cited"):
        quality.blocking_checks()


def test_a_board_member_confirms_or_corrects_a_study_design_with_history(staff):
    reference = ReferenceFactory(key="trial", study_design="cohort")
    with pytest.raises(WrongRoleError, match="Only a member of the Medical Advisory Board"):
        reference_confirm_design(actor=staff.author, reference=reference, design="randomised_trial")
    reference_confirm_design(actor=staff.reviewer, reference=reference, design="cohort")
    reference_confirm_design(actor=staff.second_reviewer, reference=reference, design="randomised_trial")
    reference.refresh_from_db()
    assert (reference.study_design, reference.design_confirmed_by) == ("randomised_trial", staff.second_reviewer)
    reasons = list(reference.history.order_by("-history_id").values_list("history_change_reason", "history_user"))
    assert reasons[:2] == [
        ("Study design corrected: Cohort study -> Randomised trial", staff.second_reviewer.pk),
        ("Study design confirmed: Cohort study", staff.reviewer.pk),
    ]
    with pytest.raises(ValueError):
        reference_confirm_design(actor=staff.reviewer, reference=reference, design="anecdote")


def test_the_review_page_and_the_preview_show_the_findings(staff, client):
    revision = draft_with(staff, "Mortality is 45% at one year.")
    client.force_login(staff.reviewer)
    page = client.get(f"/admin/editorial/revision/{revision.pk}/change/").content.decode()
    assert 'id="quality-findings"' in page and "A figure without a source in its sentence" in page
    assert 'action="/admin/desk/revision/' in page  # the board member's study-design form
    preview = client.get(f"/preview/revisions/{revision.pk}/").content.decode()
    assert "A figure without a source in its sentence" in preview
