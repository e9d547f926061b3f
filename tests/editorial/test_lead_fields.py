"""The headline and the "also called" names are reviewed text, like the title (issue 14, point 12).

They are written in the admin form, copied into a new revision, frozen once submitted, recorded in history,
shown in the comparison, and count as content for the four-eyes rule.
"""

import pytest
from django.urls import reverse

from core.texts import REVISION_TEXT_FIELDS, split_terms
from editorial import errors, permissions, services
from editorial.compare import compare_revisions
from editorial.models import REVISION_CONTENT_FIELDS, Revision
from editorial.rules import State
from tests.admin_forms import form_data
from tests.factories import make_article, publish

LEAD = {
    "headline": "A rare calcification of small blood vessels",
    "plain_headline": "A rare illness that causes painful skin sores",
    "also_called": "calcific uraemic arteriolopathy; CUA",
}


def test_the_lead_fields_are_reviewed_text_and_frozen_content():
    for name in LEAD:
        assert name in REVISION_TEXT_FIELDS and name in REVISION_CONTENT_FIELDS


def test_the_editor_writes_them_in_the_admin_form_through_the_service(client, staff):
    revision = make_article(actor=staff.author)
    client.force_login(staff.author)
    url = reverse("admin:editorial_revision_change", args=[revision.pk])
    data = form_data(client.get(url), "revision_form")
    assert set(LEAD) <= set(data)  # the form offers all three
    data.update(LEAD)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision.refresh_from_db()
    assert {name: getattr(revision, name) for name in LEAD} == LEAD
    assert revision.version == 2
    latest = revision.history.latest()
    assert (latest.headline, latest.also_called, latest.history_user) == (
        LEAD["headline"],
        LEAD["also_called"],
        staff.author,
    )


def test_a_new_revision_starts_with_the_published_lead_fields(staff):
    first = publish(make_article(actor=staff.author, **LEAD), editor=staff.author, reviewer=staff.reviewer)
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    assert {name: getattr(second, name) for name in LEAD} == LEAD


@pytest.mark.parametrize("name", sorted(LEAD))
def test_a_submitted_revisions_lead_fields_cannot_change(staff, name):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, **LEAD))
    with pytest.raises(errors.WorkflowError):
        services.revision_edit(
            actor=staff.author, revision=revision, expected_version=revision.version, **{name: "Changed."}
        )
    stored = Revision.objects.get(pk=revision.pk)
    setattr(stored, name, "Changed behind the service's back.")
    with pytest.raises(errors.ImmutableRevisionError):
        stored.save()
    assert getattr(Revision.objects.get(pk=revision.pk), name) == LEAD[name]


def test_a_superuser_who_changed_only_the_other_names_may_not_approve(staff):
    revision = make_article(actor=staff.author, slug="edited")
    services.revision_edit(
        actor=staff.superuser, revision=revision, expected_version=revision.version, also_called="gouty arthritis"
    )
    revision = services.revision_submit(actor=staff.author, revision=Revision.objects.get(pk=revision.pk))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    assert permissions.content_changes_by(staff.superuser, revision) == ["its title, headline, other names or summary"]
    with pytest.raises(errors.SelfApprovalError):
        services.revision_approve(actor=staff.superuser, revision=revision)
    assert Revision.objects.get(pk=revision.pk).state == State.UNDER_REVIEW


def test_the_comparison_shows_a_changed_headline_and_changed_names(staff):
    first = publish(make_article(actor=staff.author, **LEAD), editor=staff.author, reviewer=staff.reviewer)
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    second = services.revision_edit(
        actor=staff.second_editor,
        revision=second,
        expected_version=second.version,
        headline="A rare and life-threatening calcification of small blood vessels",
        also_called="calcific uraemic arteriolopathy",
    )
    comparison = compare_revisions(first, second)
    professional = {field.label: field for field in comparison.registers[0].fields}
    plain = {field.label: field for field in comparison.registers[1].fields}
    assert professional["Headline"].changed and "<ins>and life-threatening</ins>" in professional["Headline"].html
    assert professional["Also called (both registers)"].changed
    assert "CUA</del>" in professional["Also called (both registers)"].html
    assert not plain["Headline"].changed
    assert comparison.changed


@pytest.mark.parametrize(
    ("written", "terms"),
    [
        ("calcific uraemic arteriolopathy; CUA", ["calcific uraemic arteriolopathy", "CUA"]),
        ("gout, podagra", ["gout", "podagra"]),  # a comma with a space separates
        ("1,25-dihydroxyvitamin D; calcitriol", ["1,25-dihydroxyvitamin D", "calcitriol"]),  # this one does not
        ("  CUA ;; CUA ;  ", ["CUA"]),  # empty and repeated names dropped
        ("", []),
    ],
)
def test_other_names_are_split_on_semicolons_and_on_commas_before_a_space(written, terms):
    assert split_terms(written) == terms
