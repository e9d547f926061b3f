import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from articles.models import Article
from core.history import HistoryBypassError
from editorial import errors, services
from editorial.models import CitedReference, Revision, Section, TransitionRecord
from editorial.rules import State
from references.models import Reference
from tests.factories import ReferenceFactory, make_article, publish


def test_approve_publishes_and_supersedes_the_previous_revision(staff):
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article = Article.objects.get(pk=first.article_id)
    assert article.published_revision_id == first.pk
    assert article.last_reviewed_at is not None and article.next_review_due is not None

    second = services.revision_start_new(actor=staff.second_editor, article=article, change_note="Clarify")
    assert second.based_on_id == first.pk and second.number == 2
    assert [s.heading for s in second.sections.all()] == [s.heading for s in first.sections.all()]
    # The approved one stays public while the new one is worked on.
    assert Article.objects.get(pk=article.pk).published_revision_id == first.pk

    second = publish(second, editor=staff.second_editor, reviewer=staff.second_reviewer)
    first.refresh_from_db()
    assert first.state == State.SUPERSEDED
    assert Article.objects.get(pk=article.pk).published_revision_id == second.pk
    assert Revision.objects.filter(article=article, state=State.APPROVED).count() == 1
    supersede = TransitionRecord.objects.get(revision=first, action="supersede")
    assert (supersede.from_state, supersede.to_state, supersede.actor) == (
        State.APPROVED,
        State.SUPERSEDED,
        staff.second_reviewer,
    )


def test_approve_is_atomic_when_publishing_fails(staff):
    """A database error while publishing leaves both revisions and the article exactly as they were."""
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    second = services.revision_start_new(actor=staff.author, article=first.article)
    second = services.revision_submit(actor=staff.author, revision=second)
    second = services.revision_start_review(actor=staff.reviewer, revision=second)
    records = TransitionRecord.objects.count()
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION vetted_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END; $$"
                " LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION vetted_refuse()"
            )
        else:
            cursor.execute(f"CREATE TRIGGER refuse BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(DatabaseError):
        services.revision_approve(actor=staff.second_reviewer, revision=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (State.APPROVED, State.UNDER_REVIEW)
    assert Article.objects.get(pk=first.article_id).published_revision_id == first.pk
    assert TransitionRecord.objects.count() == records
    assert not CitedReference.objects.filter(revision=second).exists()


def test_withdraw_takes_the_article_off_the_public_site(staff, client, django_capture_on_commit_callbacks):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    assert client.get("/articles/calciphylaxis/").status_code == 200  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):  # the commit retires the cached page
        services.revision_withdraw(actor=staff.chief, revision=approved, comment="Guidance changed")
    assert Article.objects.get(pk=approved.article_id).published_revision is None
    assert client.get("/articles/calciphylaxis/").status_code == 410  # gone, and says so


def test_submit_refuses_unknown_citations_listing_the_keys(staff):
    ReferenceFactory(key="known2020")
    revision = make_article(
        actor=staff.author,
        summary="Known [@known2020] and unknown [@ghost2019; @phantom2021].",
        sections=[{"heading": "Plain only", "body": "Text.", "plain_body": "Simple [@missing1999]."}],
    )
    with pytest.raises(errors.UnknownCitationError) as refused:
        services.revision_submit(actor=staff.author, revision=revision)
    assert refused.value.keys == ["ghost2019", "phantom2021", "missing1999"]
    assert "[@ghost2019], [@phantom2021], [@missing1999]" in str(refused.value)
    assert Revision.objects.get(pk=revision.pk).state == State.DRAFT


def test_only_one_open_revision_per_article(staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    services.revision_start_new(actor=staff.author, article=approved.article)
    with pytest.raises(errors.OpenRevisionExistsError):
        services.revision_start_new(actor=staff.second_editor, article=approved.article)


def test_board_member_cannot_write_content(staff):
    with pytest.raises(errors.WrongRoleError):
        make_article(actor=staff.reviewer, slug="board-written")
    assert not Article.objects.filter(slug="board-written").exists()


def test_approval_pins_the_cited_reference_versions(staff):
    reference = ReferenceFactory(key="smith2020", title="Original title")
    revision = make_article(actor=staff.author, summary="Claim [@smith2020].")
    approved = publish(revision, editor=staff.author, reviewer=staff.reviewer)
    pin = CitedReference.objects.get(revision=approved)
    assert pin.snapshot["title"] == "Original title"
    assert pin.history_id == reference.history.latest().history_id


# --- Immutability -------------------------------------------------------------------------------


@pytest.fixture
def approved(staff):
    return publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)


def test_service_refuses_to_edit_an_approved_revision(staff, approved):
    with pytest.raises(errors.ImmutableRevisionError):
        services.revision_edit(actor=staff.author, revision=approved, expected_version=approved.version, title="New?")
    assert Revision.objects.get(pk=approved.pk).title == "What is calciphylaxis?"


def test_model_save_refuses_content_change_of_an_approved_revision(approved):
    approved.summary = "Quietly changed."
    with pytest.raises(errors.ImmutableRevisionError):
        approved.save()
    assert Revision.objects.get(pk=approved.pk).summary != "Quietly changed."


def test_sections_of_an_approved_revision_cannot_change_or_go(approved):
    section = approved.sections.first()
    section.body = "Changed."
    with pytest.raises(errors.ImmutableRevisionError):
        section.save()
    with pytest.raises(errors.ImmutableRevisionError):
        section.delete()
    with pytest.raises(errors.ImmutableRevisionError):
        Section.objects.create(revision=approved, heading="New", body="Sneaked in")
    assert approved.sections.count() == 2


def test_submitted_content_is_frozen_too(staff):
    submitted = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    with pytest.raises(errors.ImmutableRevisionError):
        services.revision_edit(actor=staff.author, revision=submitted, expected_version=submitted.version, title="X")


def test_bulk_update_is_refused_because_it_would_bypass_history(approved):
    for queryset in (Revision.objects.all(), Section.objects.all(), Article.objects.all(), Reference.objects.all()):
        with pytest.raises(HistoryBypassError):
            queryset.update(pk=1)


def test_revisions_and_audit_records_cannot_be_deleted(approved):
    with pytest.raises(errors.ImmutableRevisionError):
        approved.delete()
    record = TransitionRecord.objects.first()
    record.comment = "rewritten"
    with pytest.raises(errors.ImmutableRevisionError):
        record.save()
    with pytest.raises(errors.ImmutableRevisionError):
        record.delete()
    with pytest.raises(errors.ImmutableRevisionError):
        TransitionRecord.objects.all().delete()


def test_state_cannot_be_set_by_assignment(approved):
    with pytest.raises(AttributeError):
        approved.state = State.DRAFT


# --- Optimistic versioning ----------------------------------------------------------------------


def test_second_save_from_a_stale_version_is_refused(staff):
    draft = make_article(actor=staff.author)
    loaded_version = draft.version
    services.revision_edit(actor=staff.author, revision=draft, expected_version=loaded_version, title="First?")
    with pytest.raises(errors.StaleRevisionError) as refused:
        services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=loaded_version, title="Two?")
    assert "Reload the page" in str(refused.value)
    assert Revision.objects.get(pk=draft.pk).title == "First?"


def test_decision_on_a_stale_page_is_refused(staff):
    submitted = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    seen = submitted.version
    services.revision_recall(actor=staff.author, revision=submitted)
    resubmitted = services.revision_submit(actor=staff.author, revision=submitted)
    with pytest.raises(errors.StaleRevisionError):
        services.revision_start_review(actor=staff.reviewer, revision=resubmitted, expected_version=seen)


# --- History ------------------------------------------------------------------------------------


def test_every_content_change_has_a_history_row_with_user_and_reason(staff):
    draft = make_article(actor=staff.author)
    assert draft.history.latest().history_user == staff.author
    assert Article.history.latest().history_user == staff.author
    assert all(s.history.latest().history_user == staff.author for s in draft.sections.all())

    causes = draft.sections.get(heading="Causes")
    services.revision_edit(
        actor=staff.second_editor,
        revision=draft,
        expected_version=draft.version,
        change_note="Fix dosage",
        sections=[{"id": causes.pk, "heading": "Causes and risks", "body": "Merged."}],
    )
    latest = draft.history.latest()
    assert latest.history_user == staff.second_editor
    assert latest.history_change_reason == "Edited: Fix dosage"
    deleted = Section.history.filter(history_type="-")
    assert deleted.count() == 1 and deleted.get().history_user == staff.second_editor
    assert deleted.get().heading == "Treatment"
    assert causes.history.latest().heading == "Causes and risks"


def test_every_transition_is_recorded_with_actor_states_and_reason(staff):
    draft = make_article(actor=staff.author)
    services.revision_submit(actor=staff.author, revision=draft)
    services.revision_start_review(actor=staff.reviewer, revision=draft)
    services.revision_request_changes(actor=staff.reviewer, revision=draft, comment="Cite the guideline")
    records = list(TransitionRecord.objects.filter(revision=draft).order_by("id"))
    assert [(r.action, r.from_state, r.to_state, r.actor.username) for r in records] == [
        ("create", "", State.DRAFT, "author"),
        ("submit", State.DRAFT, State.SUBMITTED, "author"),
        ("start_review", State.SUBMITTED, State.UNDER_REVIEW, "reviewer"),
        ("request_changes", State.UNDER_REVIEW, State.CHANGES_REQUESTED, "reviewer"),
    ]
    assert records[-1].comment == "Cite the guideline"
    history = draft.history.order_by("history_id")
    states = [h.state for h in history]
    assert states == [State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.CHANGES_REQUESTED]
    assert history.last().history_user == staff.reviewer
    assert history.last().history_change_reason == "Request changes: Cite the guideline"


def test_a_refused_transition_writes_nothing(staff):
    draft = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft)
    counts = (TransitionRecord.objects.count(), Revision.history.count())
    with pytest.raises(errors.WrongRoleError), transaction.atomic():
        services.revision_approve(actor=staff.author, revision=draft)
    assert (TransitionRecord.objects.count(), Revision.history.count()) == counts
