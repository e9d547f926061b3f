"""A revision compared with itself as it stood at its review decisions, rebuilt from the recorded history."""

import pytest
from django.urls import reverse

from editorial import comparison_bases, services
from editorial.compare import compare_revisions
from editorial.comparison_bases import RevisionAsOf, UnknownBase
from editorial.models import TransitionRecord
from tests.editorial.desk_helpers import published_article, sections_of, submitted_revision
from tests.factories import PASSWORD, ReferenceFactory, make_article

FIRST_SECTIONS = [
    {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
    {"heading": "Treatment", "body": "Sodium thiosulfate is used [@a].", "plain_body": "A medicine helps."},
    {"heading": "Outlook", "body": "The outlook is poor.", "plain_body": "It is serious."},
]


def edit(revision, actor, *, sections=None, **changes):
    return services.revision_edit(
        actor=actor, revision=revision, expected_version=revision.version, sections=sections, **changes
    )


@pytest.fixture
def came_back(staff):
    """An article's first revision: changes requested, then the editor edits the summary, removes
    "Outlook", adds "Prevention" (citing a new source) and resubmits; a board member starts the review again."""
    ReferenceFactory(key="a", title="Reference A")
    ReferenceFactory(key="b", title="Reference B")
    revision = make_article(actor=staff.author, sections=FIRST_SECTIONS)
    revision = services.revision_submit(actor=staff.author, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    revision = services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="Prevention?")
    causes, treatment, _outlook = sections_of(revision)
    prevention = {"heading": "Prevention", "body": "Control phosphate [@b].", "plain_body": "Eat less phosphate."}
    revision = edit(
        revision,
        staff.second_editor,
        summary="A rare and serious disease of small blood vessels.",
        sections=[causes, treatment, prevention],
    )
    revision = services.revision_submit(actor=staff.second_editor, revision=revision)
    return services.revision_start_review(actor=staff.second_reviewer, revision=revision)


def point(revision, action):
    return next(p for p in comparison_bases.review_points(revision) if p.action == action)


def test_against_the_request_for_changes_only_the_editors_changes_show(staff, came_back):
    requested = point(came_back, "request_changes")
    base = comparison_bases.revision_as_of(came_back, requested)

    comparison = compare_revisions(base, came_back)

    professional = comparison.registers[0]
    fields = {f.label: f for f in professional.fields}
    assert [label for label, f in fields.items() if f.changed] == ["Summary"]  # the title, headline... unchanged
    assert fields["Title"].changed is False
    assert fields["Summary"].html == "A rare <ins>and serious</ins> disease of small blood vessels."
    assert comparison.registers[1].changed is False  # the plain-language title and summary were not touched
    assert [(s.heading, s.status) for s in comparison.sections] == [
        ("Causes", "unchanged"),
        ("Treatment", "unchanged"),
        ("Outlook", "removed"),
        ("Prevention", "added"),
    ]
    assert comparison.sources_added == ["b"]
    assert comparison.sources_removed == []
    assert comparison.counts == {"changed": 0, "added": 1, "removed": 1, "moved": 0, "unchanged": 2}


def test_the_revision_as_it_stood_keeps_deleted_sections_and_the_old_texts(staff, came_back):
    base = comparison_bases.revision_as_of(came_back, point(came_back, "request_changes"))
    assert isinstance(base, RevisionAsOf)
    assert (base.article_id, base.number) == (came_back.article_id, 1)
    assert base.summary == "A rare disease of small blood vessels."
    assert [(s.position, s.heading, s.body) for s in base.sections.all()] == [
        (1, "Causes", "Calcium builds up in small vessels."),
        (2, "Treatment", "Sodium thiosulfate is used [@a]."),
        (3, "Outlook", "The outlook is poor."),  # deleted since; rebuilt from its history
    ]
    # The first review was started on the same text (content is frozen in review); the second, on the edit.
    second_start, _request, first_start = comparison_bases.review_points(came_back)
    started = comparison_bases.revision_as_of(came_back, first_start)
    assert started.summary == base.summary and started.sections == base.sections
    restarted = comparison_bases.revision_as_of(came_back, second_start)
    assert [s.heading for s in restarted.sections.all()] == ["Causes", "Treatment", "Prevention"]


def test_review_points_list_each_decision_newest_first_and_name_who_took_it(staff, came_back):
    points = comparison_bases.review_points(came_back)
    assert [(p.action, p.actor_name) for p in points] == [
        ("start_review", "second_reviewer"),
        ("request_changes", "Ada Reviewer"),
        ("start_review", "Ada Reviewer"),
    ]
    assert points[1].label.startswith("As it stood when Ada Reviewer requested changes (")
    records = TransitionRecord.objects.filter(revision=came_back, action__in=["start_review", "request_changes"])
    assert sorted(p.record_id for p in points) == sorted(records.values_list("pk", flat=True))


def test_the_default_for_a_revision_that_came_back_is_what_the_reviewer_last_saw(staff, came_back):
    base = comparison_bases.default_base(came_back)
    assert isinstance(base, RevisionAsOf)
    assert base.point == point(came_back, "request_changes")
    assert comparison_bases.describe_base(base, came_back).startswith(
        "revision 1 as it stood when Ada Reviewer requested changes on "
    )


def test_after_two_requests_the_default_is_the_latest_and_the_first_is_still_offered(staff, came_back):
    first_request = point(came_back, "request_changes")
    revision = services.revision_request_changes(actor=staff.second_reviewer, revision=came_back, comment="Dose?")
    causes, treatment, prevention = sections_of(revision)
    treatment["body"] = "Sodium thiosulfate 25 g is used [@a]."
    revision = edit(revision, staff.author, sections=[causes, treatment, prevention])
    revision = edit(revision, staff.author, plain_title="Calciphylaxis")  # a second edit after the same request

    default = comparison_bases.default_base(revision)
    latest = compare_revisions(default, revision)
    assert default.point.actor_name == "second_reviewer"
    assert [(s.heading, s.status) for s in latest.sections] == [
        ("Causes", "unchanged"),
        ("Treatment", "changed"),
        ("Prevention", "unchanged"),
    ]
    assert latest.registers[0].changed is False  # the summary changed before this request, not after
    assert latest.registers[1].fields[0].html == "<ins>Calciphylaxis</ins>"

    since_first = compare_revisions(comparison_bases.revision_as_of(revision, first_request), revision)
    assert since_first.registers[0].changed is True  # the summary edit of the first round shows again
    assert since_first.counts == {"changed": 1, "added": 1, "removed": 1, "moved": 0, "unchanged": 1}


def test_a_revision_never_sent_back_is_compared_with_the_published_one_as_before(staff):
    approved = published_article(staff)
    revision = submitted_revision(staff, approved)
    assert comparison_bases.default_base(revision) == approved
    assert comparison_bases.default_base(approved) is None  # the first revision: everything is new


def test_a_decided_revision_is_compared_with_its_base_not_its_past(staff, came_back):
    approved = services.revision_approve(actor=staff.second_reviewer, revision=came_back)
    assert comparison_bases.default_base(approved) is None  # the first revision, published
    assert len(comparison_bases.base_choices(approved).review_points) == 3  # still offered by choice


def test_a_choice_names_a_revision_of_this_article_or_a_decision_on_this_revision_only(staff, came_back):
    other = submitted_revision(staff, published_article(staff, slug="other"))
    foreign_decision = point(other, "start_review")
    assert comparison_bases.base_from_choice(came_back, "").point == point(came_back, "request_changes")
    assert comparison_bases.base_from_choice(came_back, "abc").point == point(came_back, "request_changes")
    chosen = comparison_bases.base_from_choice(came_back, point(came_back, "start_review").choice)
    assert chosen.point.action == "start_review"
    assert comparison_bases.base_from_choice(came_back, "decision-x").point.action == "request_changes"  # default
    for bad in (foreign_decision.choice, str(other.pk), "decision-999999"):
        with pytest.raises(UnknownBase):
            comparison_bases.base_from_choice(came_back, bad)


def test_rebuilding_takes_two_queries_however_long_the_history(staff, came_back, django_assert_num_queries):
    requested = point(came_back, "request_changes")
    with django_assert_num_queries(2):
        comparison_bases.revision_as_of(came_back, requested)


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_compare_page_and_the_revision_page_default_to_the_request_for_changes(client, staff, came_back):
    login(client, "reviewer")
    compare = client.get(reverse("desk:compare", args=[came_back.pk])).content.decode()
    assert "everything is new" not in compare
    assert 'compared with <strong id="compare-base">revision 1 as it stood when Ada Reviewer requested changes' in (
        compare
    )
    assert "A rare <ins>and serious</ins> disease" in compare
    requested = point(came_back, "request_changes")
    assert f'<option value="{requested.choice}" selected>' in compare
    assert '<optgroup label="This revision at its review decisions">' in compare

    page = client.get(reverse("admin:editorial_revision_change", args=[came_back.pk])).content.decode()
    assert "everything is new" not in page
    assert "Compared with revision 1 as it stood when Ada Reviewer requested changes on" in page
    assert "title and summary changed;" in page
    assert "0 section(s) changed, 1 added, 1 removed, 0 moved;" in page
    assert "1 source(s) added, 0 removed." in page


def test_the_compare_page_takes_each_decision_and_refuses_others(client, staff, came_back):
    login(client, "second_reviewer")
    url = reverse("desk:compare", args=[came_back.pk])
    started = point(came_back, "start_review")
    html = client.get(f"{url}?against={started.choice}&view=source").content.decode()
    assert 'compared with <strong id="compare-base">revision 1 as it stood when second_reviewer started' in html
    assert '<div class="desk-diff">A rare and serious disease of small blood vessels.</div>' in html  # unchanged
    assert f'href="?view=rendered&amp;against={started.choice}"' in html  # the view switch keeps the choice
    other = submitted_revision(staff, published_article(staff, slug="other"))
    assert client.get(f"{url}?against={point(other, 'start_review').choice}").status_code == 404
