"""The board's rules as readers and board members see them, in a real browser (Debian's Chromium): a reader
sees every approver, their disclosures and the what-changed note; a recused board member sees why Approve is
missing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import services
from tests.factories import PASSWORD, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTERESTS = "Speaker fees from a wound-dressing manufacturer (2024)."
NOTE = "Adds that nausea is common during the infusion."


def declare(staff, member, *, interests, topics, days_ago):
    services.disclosure_declare(
        actor=staff.chief,
        member=member,
        declared_on=timezone.localdate() - timedelta(days=days_ago),
        interests=interests,
        topics=topics,
    )


def two_approval_article(staff):
    draft = make_article(actor=staff.author, change_note=NOTE)
    services.article_set_board_rules(
        actor=staff.chief, article=draft.article, topics="dosing; calciphylaxis", approvals_required=2
    )
    revision = services.revision_submit(actor=staff.author, revision=draft)
    return services.revision_start_review(actor=staff.reviewer, revision=revision)


def test_a_reader_sees_every_approver_their_disclosures_and_what_changed(browser, live_server, staff):
    declare(staff, staff.reviewer, interests="", topics="", days_ago=20)
    declare(staff, staff.second_reviewer, interests=INTERESTS, topics="wound care", days_ago=40)
    revision = two_approval_article(staff)
    services.revision_approve(actor=staff.reviewer, revision=revision)
    services.revision_approve(actor=staff.second_reviewer, revision=revision)

    page = browser.new_page()
    page.goto(f"{live_server.url}/articles/calciphylaxis/")
    approved_by = page.locator(".approved-by")
    approved_by.wait_for()
    assert "Ada Reviewer" in approved_by.inner_text() and "second_reviewer" in approved_by.inner_text()
    disclosures = page.locator("#disclosures li")
    assert disclosures.count() == 2
    first, second = disclosures.nth(0).inner_text(), disclosures.nth(1).inner_text()
    assert first.startswith("Ada Reviewer: none declared (declared ")
    assert second.startswith(f"second_reviewer: {INTERESTS} (declared ")
    assert page.locator("#what-changed").inner_text() == NOTE
    page.close()


def test_a_recused_board_member_sees_why_approve_is_missing(browser, live_server, staff):
    declare(staff, staff.second_reviewer, interests=INTERESTS, topics="Dosing", days_ago=40)
    revision = two_approval_article(staff)
    services.revision_approve(actor=staff.reviewer, revision=revision)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "second_reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(live_server.url + reverse("admin:editorial_revision_change", args=[revision.pk]))
    refusal = page.locator("#approve-refusal")
    refusal.wait_for()
    text = refusal.inner_text()
    assert "you are recused from its review" in text and INTERESTS in text and "dosing" in text
    assert page.locator("button[value=approve]").count() == 0
    assert page.locator("button[value=request_changes]").count() == 0
    assert "Approved so far in this round by Ada Reviewer (1 of 2)." in page.locator("#board-quorum").inner_text()
    context.close()
