"""A board member's round trip through the review desk in a real browser (Debian's Chromium)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.models import ReviewComment, Revision
from editorial.rules import Role, State
from tests.editorial.desk_helpers import published_article, sections_of, submitted_revision
from tests.factories import PASSWORD, make_article, make_user, publish

# No serialized_rollback: after an earlier transactional test's flush, post_migrate has re-created the
# content types, and reloading the serialized copy on top of them fails; ensure_roles() puts the groups back.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
ROLE_PERMISSIONS = {
    Role.EDITOR: ["view_revision", "view_section", "view_transitionrecord", "view_article", "change_revision"],
    Role.BOARD: ["view_revision", "view_section", "view_transitionrecord", "view_article"],
    Role.EDITOR_IN_CHIEF: ["view_revision", "view_section", "view_article", "change_revision", "change_article"],
}


def ensure_roles() -> None:
    """The roles come from a data migration, which a transactional test may find flushed."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))


def log_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page


def act(page, action, comment=""):
    if comment:
        page.fill("#workflow-comment", comment)
    page.click(f"#workflow-form button[value={action}]")
    page.wait_for_load_state()


def test_board_member_reviews_comments_requests_changes_and_approves(browser, live_server):
    ensure_roles()
    staff = type(
        "Staff",
        (),
        {
            "author": make_user("author", Role.EDITOR),
            "second_editor": make_user("second_editor", Role.EDITOR),
            "reviewer": make_user("reviewer", Role.BOARD, first_name="Ada", last_name="Reviewer"),
            "second_reviewer": make_user("second_reviewer", Role.BOARD),
            "chief": make_user("chief", Role.EDITOR_IN_CHIEF),
        },
    )
    revision = submitted_revision(staff, published_article(staff), start_review=False)
    # Other work on the desk, so the queue and the dashboard have something to show.
    other = make_article(actor=staff.author, slug="warfarin-necrosis", title="What is warfarin skin necrosis?")
    other = services.revision_submit(actor=staff.author, revision=other)
    services.revision_assign(actor=staff.chief, revision=other, reviewer=staff.reviewer)
    overdue = publish(make_article(actor=staff.author, slug="pruritus"), editor=staff.author, reviewer=staff.reviewer)
    article = Article.objects.get(pk=overdue.article_id)
    article.next_review_due = timezone.localdate() - timedelta(days=12)
    article.save()
    make_article(actor=staff.second_editor, slug="nephrogenic-fibrosis", title="What is nephrogenic fibrosis?")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The board member opens the queue, then the revision, and starts the review.
    board = log_in(browser, live_server, "reviewer")
    board.goto(f"{live_server.url}/admin/editorial/revision/?queue=mine")
    queue = [text.split("\n")[0] for text in board.locator("#result_list tbody th a").all_inner_texts()]  # titles
    assert queue == ["What is warfarin skin necrosis?", "What is calciphylaxis?"]  # my assignment first
    board.click("#result_list a:has-text('What is calciphylaxis?')")
    act(board, "start_review")
    assert "is Under review" in board.inner_text("#workflow-panel h2")

    # Reads the comparison with the published revision.
    board.click("#compare-published")
    assert "moved from 3" in board.inner_text("#desk-compare")
    assert board.inner_text("#compare-section-3 ins") == "often"
    board.screenshot(path=str(SCREENSHOTS / "review-desk-compare.png"), full_page=True)

    # Comments on the Treatment section, quoting a passage.
    board.click("#compare-section-3 .desk-section-comment summary")
    board.fill("#compare-section-3 textarea[name=quote]", "often used")
    board.fill("#compare-section-3 textarea[name=body]", "How often? Please cite the dosing schedule.")
    board.click("#compare-section-3 .desk-section-comment button")
    assert "How often?" in board.inner_text("#review-comments")

    # Requests changes from the revision page.
    board.goto(f"{live_server.url}/admin/editorial/revision/{revision.pk}/change/")
    act(board, "request_changes", "See my comment on Treatment.")
    assert "Changes requested" in board.inner_text("#workflow-panel h2")

    # The editor sees the open thread on the draft, replies, and resubmits.
    editor = log_in(browser, live_server, "second_editor")
    editor.goto(f"{live_server.url}/admin/editorial/revision/{revision.pk}/change/")
    assert "Review comments (1 open)" in editor.inner_text("#review-comments h2")
    thread = ReviewComment.objects.get()
    editor.fill(f"#reply-{thread.pk}", "Three times a week during dialysis; cited the guideline.")
    editor.click(f"#thread-{thread.pk} .desk-reply-form button")
    assert "Three times a week" in editor.inner_text(f"#thread-{thread.pk}")
    act(editor, "submit")
    assert "Submitted" in editor.inner_text("#workflow-panel h2")

    # The board member reviews again, resolves the thread and approves.
    board.goto(f"{live_server.url}/admin/editorial/revision/{revision.pk}/change/")
    act(board, "start_review")
    board.click(f"#thread-{thread.pk} .desk-resolve-form button")
    assert "Review comments (0 open)" in board.inner_text("#review-comments h2")
    act(board, "approve")
    assert "is Approved" in board.inner_text("#workflow-panel h2")
    assert Revision.objects.get(pk=revision.pk).state == State.APPROVED

    # The editor-in-chief's dashboard.
    chief = log_in(browser, live_server, "chief")
    chief.goto(f"{live_server.url}/admin/")
    assert chief.inner_text("#due-for-review-count") == "1"
    chief.goto(f"{live_server.url}/admin/desk/dashboard/")
    assert chief.inner_text("#overdue-count") == "1"
    assert chief.locator("svg.desk-chart rect").count() >= 8
    chief.screenshot(path=str(SCREENSHOTS / "review-desk-dashboard.png"), full_page=True)
    board.goto(f"{live_server.url}/admin/editorial/revision/{revision.pk}/change/")
    board.screenshot(path=str(SCREENSHOTS / "review-desk-revision.png"), full_page=True)


def test_board_member_compares_with_the_revision_as_it_stood_when_changes_were_requested(browser, live_server):
    ensure_roles()
    editor = make_user("author", Role.EDITOR)
    reviewer = make_user("reviewer", Role.BOARD, first_name="Ada", last_name="Reviewer")
    sections = [
        {"heading": "Causes", "body": "Calcium builds up in small vessels.", "plain_body": "Calcium builds up."},
        {"heading": "Outlook", "body": "The outlook is poor.", "plain_body": "It is serious."},
    ]
    revision = make_article(actor=editor, sections=sections)
    revision = services.revision_submit(actor=editor, revision=revision)
    revision = services.revision_start_review(actor=reviewer, revision=revision)
    revision = services.revision_request_changes(actor=reviewer, revision=revision, comment="Say how rare.")
    causes, _outlook = sections_of(revision)
    revision = services.revision_edit(
        actor=editor,
        revision=revision,
        expected_version=revision.version,
        summary="A rare and serious disease of small blood vessels.",
        sections=[causes, {"heading": "Prevention", "body": "Control phosphate."}],
    )
    services.revision_submit(actor=editor, revision=revision)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    board = log_in(browser, live_server, "reviewer")
    board.goto(f"{live_server.url}/admin/editorial/revision/{revision.pk}/change/")
    summary = board.inner_text("#desk-compare-summary")
    assert "as it stood when Ada Reviewer requested changes" in summary
    assert "everything is new" not in board.inner_text("#review-desk")

    option = board.locator("#compare-against option", has_text="requested changes")
    board.select_option("#compare-against", value=option.get_attribute("value"))
    board.click("#review-desk form button")
    board.wait_for_load_state()

    assert "as it stood when Ada Reviewer requested changes" in board.inner_text("#compare-base")
    assert board.locator("#compare-lead ins").all_inner_texts() == ["and serious"]
    statuses = board.locator("#desk-compare .desk-section h2 .desk-badge").all_inner_texts()
    assert statuses == ["unchanged", "removed", "added"]
    counts = " ".join(board.inner_text("#compare-summary").split())
    assert counts == "0 sections changed 1 added 1 removed 0 moved 1 unchanged"
    board.screenshot(path=str(SCREENSHOTS / "review-desk-compare-since-request.png"), full_page=True)
