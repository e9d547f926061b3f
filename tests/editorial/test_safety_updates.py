"""Fast-tracked safety updates (issue 18): deadlines by category, the queue's order, the dashboard, the
editor-in-chief's email, the public page; and the what-changed note with the What's new page."""

from datetime import timedelta

import pytest

from editorial import selectors, services
from editorial.models import Notification, TransitionRecord
from editorial.rules import SafetyCategory, State
from tests.factories import make_article

HOURS = {"withdrawal_or_alert": 48, "practice_changing": 30 * 24, "other": 90 * 24}


def safety_draft(staff, category, *, slug="calciphylaxis", note="Adds the new warning."):
    draft = make_article(actor=staff.author, slug=slug, title=f"What is {slug}?")
    return services.revision_edit(
        actor=staff.author,
        revision=draft,
        expected_version=draft.version,
        safety_category=category,
        change_note=note,
    )


@pytest.mark.parametrize("category", list(HOURS))
def test_each_category_is_due_its_settings_hours_after_submission(staff, category):
    submitted = services.revision_submit(actor=staff.author, revision=safety_draft(staff, category))
    assert submitted.safety_due_at - submitted.submitted_at == timedelta(hours=HOURS[category])
    record = TransitionRecord.objects.get(revision=submitted, action="submit")
    assert record.to_state == State.SUBMITTED


def test_deadlines_are_settings_and_a_request_for_changes_does_not_restart_the_clock(staff, settings):
    settings.VETTED_SAFETY_DEADLINE_HOURS = {**settings.VETTED_SAFETY_DEADLINE_HOURS, "withdrawal_or_alert": 24}
    submitted = services.revision_submit(
        actor=staff.author, revision=safety_draft(staff, SafetyCategory.WITHDRAWAL_OR_ALERT)
    )
    due = submitted.safety_due_at
    assert due - submitted.submitted_at == timedelta(hours=24)
    reviewing = services.revision_start_review(actor=staff.reviewer, revision=submitted)
    back = services.revision_request_changes(actor=staff.reviewer, revision=reviewing, comment="Cite the alert.")
    again = services.revision_submit(actor=staff.author, revision=back)
    assert again.safety_due_at == due


def test_the_review_queue_lists_safety_updates_by_deadline_first(staff, client):
    plain = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, slug="plain"))
    services.revision_submit(actor=staff.author, revision=safety_draft(staff, "other", slug="later"))
    services.revision_submit(actor=staff.author, revision=safety_draft(staff, "withdrawal_or_alert", slug="sooner"))
    client.force_login(staff.reviewer)
    body = client.get("/admin/editorial/revision/?queue=review").content.decode()
    order = [body.index(f"{slug}, revision 1") for slug in ("sooner", "later", "plain")]
    assert order == sorted(order), order
    assert "Drug withdrawal or safety alert" in body
    assert plain.safety_due_at is None


def test_overdue_safety_updates_email_the_editor_in_chief_once(staff):
    submitted = services.revision_submit(actor=staff.author, revision=safety_draft(staff, "withdrawal_or_alert"))
    assert services.safety_overdue_notify() == []  # inside its deadline
    later = submitted.safety_due_at + timedelta(hours=1)
    ids = services.safety_overdue_notify(now=later)
    emails = Notification.objects.filter(pk__in=ids)
    assert [email.recipient for email in emails] == [staff.chief, staff.superuser]
    assert "Safety update overdue: What is calciphylaxis?" in emails[0].subject
    assert services.safety_overdue_notify(now=later) == []  # once per revision


def test_the_command_queues_the_overdue_emails(staff, settings):
    from django.core.management import call_command

    settings.VETTED_SAFETY_DEADLINE_HOURS = {**settings.VETTED_SAFETY_DEADLINE_HOURS, "withdrawal_or_alert": 0}
    services.revision_submit(actor=staff.author, revision=safety_draft(staff, "withdrawal_or_alert"))
    call_command("notify_overdue_safety_updates")
    assert Notification.objects.filter(event="safety_overdue").count() == 2


def test_the_dashboard_shows_open_deadlines_and_those_met_and_missed(staff, client, settings):
    met = services.revision_submit(actor=staff.author, revision=safety_draft(staff, "other", slug="met"))
    met = services.revision_start_review(actor=staff.reviewer, revision=met)
    services.revision_approve(actor=staff.reviewer, revision=met)
    settings.VETTED_SAFETY_DEADLINE_HOURS = {**settings.VETTED_SAFETY_DEADLINE_HOURS, "withdrawal_or_alert": 0}
    missed = services.revision_submit(
        actor=staff.author, revision=safety_draft(staff, "withdrawal_or_alert", slug="missed")
    )
    missed = services.revision_start_review(actor=staff.reviewer, revision=missed)
    services.revision_approve(actor=staff.reviewer, revision=missed)
    services.revision_submit(actor=staff.author, revision=safety_draft(staff, "practice_changing", slug="open"))
    deadlines = selectors.safety_deadlines()
    assert [r.article.slug for r in deadlines["met"]] == ["met"]
    assert [r.article.slug for r in deadlines["missed"]] == ["missed"]
    assert [r.article.slug for r in deadlines["open"]] == ["open"]
    approve = TransitionRecord.objects.get(revision=missed, action="approve")
    assert (
        "Safety update (Drug withdrawal or safety alert): deadline" in approve.comment and "missed" in approve.comment
    )
    client.force_login(staff.chief)
    body = client.get("/admin/desk/dashboard/").content.decode()
    assert "<strong>1</strong> published within their deadline, <strong>1</strong> published late." in body
    assert "open, revision 1" in body


def test_the_published_page_says_it_was_updated_for_safety_and_shows_what_changed(staff, client):
    revision = safety_draft(staff, "withdrawal_or_alert", note="Removes the withdrawn medicine from treatment.")
    revision = services.revision_submit(actor=staff.author, revision=revision)
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    body = client.get("/articles/calciphylaxis/").content.decode()
    assert "<strong>Updated for safety</strong> (drug withdrawal or safety alert) on" in body
    assert "Removes the withdrawn medicine from treatment." in body
    feed = client.get("/feed/").content.decode()
    assert "What changed: Removes the withdrawn medicine from treatment." in feed


def test_whats_new_lists_approved_practice_changing_updates_only(staff, client):
    shown = safety_draft(staff, "practice_changing", slug="shown", note="New trial changes first-line care.")
    shown = services.revision_start_review(
        actor=staff.reviewer, revision=services.revision_submit(actor=staff.author, revision=shown)
    )
    services.revision_approve(actor=staff.reviewer, revision=shown)
    other = safety_draft(staff, "other", slug="other-kind", note="Not practice-changing.")
    other = services.revision_start_review(
        actor=staff.reviewer, revision=services.revision_submit(actor=staff.author, revision=other)
    )
    services.revision_approve(actor=staff.reviewer, revision=other)
    pending = safety_draft(staff, "practice_changing", slug="pending", note="Still with the board.")
    services.revision_submit(actor=staff.author, revision=pending)
    response = client.get("/whats-new/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "New trial changes first-line care." in body and "/articles/shown/" in body
    assert "Not practice-changing." not in body and "Still with the board." not in body
    # Cached like the other public listings (pagecache.public_page): the same caching headers as the board page.
    assert response["Cache-Control"] == client.get("/board/")["Cache-Control"]
    assert "public" in response["Cache-Control"]
