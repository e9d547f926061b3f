"""The desk as staff use it, in a real browser (Debian's Chromium): nothing typed is lost, the preview is a
click away, irreversible steps are confirmed, and the review queue fits the screen."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from editorial import services
from editorial.models import ReviewComment, Revision, TransitionRecord
from editorial.rules import Role, State
from tests.factories import PASSWORD, make_article, make_user, publish

# Transactional (the live server reads what the test wrote); the staff fixture puts the roles back after a
# flush. No serialized_rollback: see tests/security/test_browser.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
SUMMARY = "Typed into the summary: calciphylaxis affects about 1 in 100 people on dialysis each year."
TREATMENT = "Typed into Treatment: sodium thiosulfate 25 g three times a week after dialysis."


def log_in(browser, live_server, username, *, javascript=True, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def revision_page(live_server, revision) -> str:
    return live_server.url + reverse("admin:editorial_revision_change", args=[revision.pk])


def sent_back(staff):
    """Revision 1, sent back by the board with a reason and one open thread on "Treatment"."""
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    section = revision.sections.get(heading="Treatment")
    services.review_comment_add(actor=staff.reviewer, revision=revision, section=section, body="How often?")
    return services.revision_request_changes(actor=staff.reviewer, revision=revision, comment="Cite the dose.")


def type_edits(page) -> None:
    """What an editor does: click into the fields and type (trusted key presses, as a person would)."""
    page.click("#id_summary")
    page.keyboard.press("Control+A")
    page.keyboard.type(SUMMARY)
    page.click("#id_sections-1-body")  # Treatment
    page.keyboard.press("Control+A")
    page.keyboard.type(TREATMENT)


def assert_saved_with_history(revision, editor) -> Revision:
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.summary == SUMMARY
    assert stored.sections.get(heading="Treatment").body == TREATMENT
    assert stored.history.filter(summary=SUMMARY, history_user=editor).exists()
    treatment = stored.sections.get(heading="Treatment")
    assert treatment.history.filter(body=TREATMENT, history_user=editor).exists()
    return stored


def assert_still_on_the_page(page, url) -> None:
    assert page.url.split("#")[0] == url
    assert page.input_value("#id_summary") == SUMMARY
    assert page.input_value("#id_sections-1-body") == TREATMENT


# Every button and link of the editor's page: a step or a save keeps the text by saving it; anything that
# would leave the page asks first (and the editor stays), or opens a new tab.
SAVES = {
    "submit for review": "#workflow-form button[value=submit]",
    "save": "input[name=_save]",
    "save and continue editing": "input[name=_continue]",
}
LEAVES = {
    "reply to the thread": ".desk-reply-form button",
    "resolve the thread": ".desk-resolve-form button",
    "compare": "#compare-published",
    "history": "a.historylink",
    "the article's link": ".field-article a",
}


@pytest.mark.parametrize("button", list(SAVES))
def test_a_button_that_saves_keeps_the_typed_text_in_the_revision(browser, live_server, staff, button):
    revision = sent_back(staff)
    page = log_in(browser, live_server, "author")
    page.goto(revision_page(live_server, revision))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    type_edits(page)
    page.click(SAVES[button])
    page.wait_for_load_state()

    assert dialogs == []  # the page's own form carries the text: nothing to warn about
    stored = assert_saved_with_history(revision, staff.author)
    assert stored.state == (State.SUBMITTED if button == "submit for review" else State.CHANGES_REQUESTED)


@pytest.mark.parametrize("button", list(LEAVES))
def test_a_button_that_leaves_the_page_asks_first_and_the_text_stays(browser, live_server, staff, button):
    revision = sent_back(staff)
    page = log_in(browser, live_server, "author")
    url = revision_page(live_server, revision)
    page.goto(url)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))  # "Stay on page"
    type_edits(page)
    page.click(LEAVES[button])
    for _ in range(50):  # the dialog event arrives asynchronously; a loaded machine needs more than a beat
        if dialogs:
            break
        page.wait_for_timeout(100)

    assert dialogs == ["beforeunload"]
    assert_still_on_the_page(page, url)
    stored = Revision.objects.get(pk=revision.pk)
    assert (stored.state, stored.summary, stored.version) == (revision.state, revision.summary, revision.version)
    assert ReviewComment.objects.filter(revision=revision).count() == 1  # no reply posted, nothing resolved
    assert ReviewComment.objects.get(revision=revision).resolved_at is None


def test_the_preview_opens_beside_the_page_and_the_text_stays(browser, live_server, staff):
    revision = sent_back(staff)
    page = log_in(browser, live_server, "author")
    url = revision_page(live_server, revision)
    page.goto(url)
    type_edits(page)
    with page.context.expect_page() as opened:
        page.click("#preview-link")
    preview = opened.value
    preview.wait_for_load_state()
    assert "Staff preview." in preview.inner_text(".preview-banner")
    assert_still_on_the_page(page, url)


def test_without_javascript_submit_still_saves_the_typed_text_first(browser, live_server, staff):
    revision = sent_back(staff)
    page = log_in(browser, live_server, "author", javascript=False)
    page.goto(revision_page(live_server, revision))
    page.fill("#id_summary", SUMMARY)
    page.fill("#id_sections-1-body", TREATMENT)
    page.click("#workflow-form button[value=submit]")

    stored = assert_saved_with_history(revision, staff.author)
    assert stored.state == State.SUBMITTED
    assert "Your changes were saved. Submit for review" in page.inner_text(".messagelist")


def test_without_javascript_enter_in_the_title_saves_and_does_not_submit(browser, live_server, staff):
    revision = make_article(actor=staff.author)
    page = log_in(browser, live_server, "author", javascript=False)
    page.goto(revision_page(live_server, revision))
    page.fill("#id_title", "What is calciphylaxis, in short?")
    page.press("#id_title", "Enter")
    page.wait_for_load_state()

    stored = Revision.objects.get(pk=revision.pk)
    assert (stored.title, stored.state) == ("What is calciphylaxis, in short?", State.DRAFT)


def test_a_stale_page_refuses_the_step_and_shows_the_typed_text_again(browser, live_server, staff):
    revision = sent_back(staff)
    page = log_in(browser, live_server, "author")
    url = revision_page(live_server, revision)
    page.goto(url)
    type_edits(page)
    services.revision_edit(
        actor=staff.second_editor, revision=revision, expected_version=revision.version, change_note="Meanwhile."
    )
    page.click("#workflow-form button[value=submit]")
    page.wait_for_load_state()

    assert "Someone else changed this revision" in page.inner_text("#content")
    assert "someone else saved this revision while you were typing" in page.inner_text("#workflow-refused")
    assert_still_on_the_page(page, url)
    assert Revision.objects.get(pk=revision.pk).state == State.CHANGES_REQUESTED
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workflow-stale-refused.png"), full_page=True)


# ---------------------------------------------------------------------------------------------
# The staff preview from the revision page, the queue and the compare view


def test_the_preview_is_linked_from_the_revision_page_the_queue_and_the_compare_view(browser, live_server, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    page = log_in(browser, live_server, "reviewer")
    preview_path = reverse("articles:preview_revision", args=[revision.pk])

    page.goto(f"{live_server.url}/admin/editorial/revision/?queue=review")
    page.click("#result_list a.queue-preview")
    assert page.url == live_server.url + preview_path
    assert "Revision 1 of calciphylaxis is Submitted" in " ".join(page.inner_text(".preview-banner").split())

    for start, link in (
        (revision_page(live_server, revision), "#preview-link"),
        (live_server.url + reverse("desk:compare", args=[revision.pk]), "#compare-preview"),
    ):
        page.goto(start)
        with page.context.expect_page() as opened:
            page.click(link)
        opened.value.wait_for_load_state()
        assert opened.value.url == live_server.url + preview_path
        assert "What is calciphylaxis?" in opened.value.inner_text("h1")
        opened.value.close()


# ---------------------------------------------------------------------------------------------
# Confirmation, explanations, and the article page


def test_a_board_member_confirms_a_rejection_and_may_go_back_with_the_reason_kept(browser, live_server, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    page = log_in(browser, live_server, "reviewer")
    page.goto(revision_page(live_server, revision))
    page.fill("#workflow-comment", "Out of scope: merge into the CKD-MBD article.")
    page.click("#workflow-form button[value=reject]")
    assert "Rejecting ends revision 1" in page.inner_text("#confirm-consequence")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workflow-confirm-reject.png"), full_page=True)

    page.click("#confirm-step-cancel")  # changed their mind: back, with the reason still typed
    assert page.input_value("#workflow-comment") == "Out of scope: merge into the CKD-MBD article."
    assert Revision.objects.get(pk=revision.pk).state == State.SUBMITTED

    page.click("#workflow-form button[value=reject]")
    page.click("#confirm-step-yes")
    assert Revision.objects.get(pk=revision.pk).state == State.REJECTED
    assert "The board rejected this revision" in page.inner_text("#workflow-decision")
    assert "Out of scope: merge into the CKD-MBD article." in page.inner_text("#workflow-decision")

    author = log_in(browser, live_server, "author")  # the author reads why, at the top of the page
    author.goto(revision_page(live_server, revision))
    assert "Out of scope" in author.inner_text("#workflow-panel")
    assert "closed for good" in author.inner_text("#workflow-no-step")


def test_the_editor_in_chief_withdraws_from_the_article_page_after_confirming(browser, live_server, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article_page = live_server.url + reverse("admin:articles_article_change", args=[approved.article_id])
    page = log_in(browser, live_server, "chief")
    page.goto(article_page)
    page.fill("#withdraw-comment", "Classification under review.")
    page.select_option("#withdraw-reason-category", "safety")
    page.click("#withdraw-form button")
    assert "Withdrawing takes “What is calciphylaxis?” off the public site" in page.inner_text("#confirm-consequence")
    page.click("#confirm-step-yes")
    page.wait_for_url(article_page)
    assert "Withdraw from the public site: revision 1" in page.inner_text(".messagelist")
    assert Revision.objects.get(pk=approved.pk).state == State.WITHDRAWN
    withdrawal = TransitionRecord.objects.get(revision=approved, action="withdraw")
    assert (withdrawal.actor, withdrawal.reason_category) == (staff.chief, "safety")


def test_the_article_page_names_the_open_revision_instead_of_offering_a_new_one(browser, live_server, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article_page = live_server.url + reverse("admin:articles_article_change", args=[approved.article_id])
    page = log_in(browser, live_server, "second_editor")
    page.goto(article_page)
    page.fill("#change-note", "Add the 2024 guideline.")
    page.click("#new-revision-form button")
    draft = Revision.objects.get(article=approved.article, number=2)
    assert page.url == revision_page(live_server, draft)

    page.goto(article_page)
    assert page.locator("#new-revision-form").count() == 0
    assert "Revision 2 of this article is still draft" in page.inner_text("#open-revision")
    page.click("#open-revision-link")
    assert page.url == revision_page(live_server, draft)


def test_the_author_on_the_board_is_told_why_there_is_no_approve_button(browser, live_server, staff):
    writer = make_user("writer", Role.EDITOR, Role.BOARD, first_name="Wren", last_name="Writer")
    revision = services.revision_submit(actor=writer, revision=make_article(actor=writer))
    services.revision_start_review(actor=staff.reviewer, revision=revision)
    page = log_in(browser, live_server, "writer")
    page.goto(revision_page(live_server, revision))
    assert page.inner_text("#approve-refusal") == "You wrote this revision, so another board member must approve it."
    assert page.locator("#workflow-form button[value=approve]").count() == 0

    board = log_in(browser, live_server, "second_reviewer")
    draft = make_article(actor=staff.author, slug="pruritus", title="What is uraemic pruritus?")
    board.goto(revision_page(live_server, draft))
    assert "Revision 1 is a draft: its editors are still writing it." in board.inner_text("#workflow-no-step")


# ---------------------------------------------------------------------------------------------
# The review queue


def test_the_review_queue_fits_1280_pixels_and_its_arrows_tell_the_order(browser, live_server, staff):
    titles = [f"What is question {n}?" for n in range(4)]
    for n, title in enumerate(titles):
        services.revision_submit(
            actor=staff.author, revision=make_article(actor=staff.author, slug=f"question-{n}", title=title)
        )
    mine = Revision.objects.get(title=titles[2])
    services.revision_assign(actor=staff.chief, revision=mine, reviewer=staff.reviewer)
    page = log_in(browser, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/editorial/revision/?queue=mine")

    assert shown_titles(page) == [titles[2], titles[0], titles[1], titles[3]]  # mine first, then longest waiting
    assert page.locator("#result_list tbody tr").nth(0).locator(".field-assignee").inner_text() == "you"
    assert sort_arrows(page) == [("assignee", 1, "ascending"), ("waiting_since", 2, "ascending")]
    overflow = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return [document.documentElement.scrollWidth, r.scrollWidth, r.clientWidth]; }"
    )
    assert overflow[0] <= 1280 and overflow[1] <= overflow[2], overflow
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-queue-mine.png"), full_page=True)

    # "Waiting since" clicked: it becomes the first sort, reversed (newest first), and the list follows.
    page.click("#result_list thead th.column-waiting_since .text a")
    page.wait_for_load_state()
    assert sort_arrows(page) == [("waiting_since", 1, "descending"), ("assignee", 2, "ascending")]
    assert shown_titles(page) == [titles[3], titles[2], titles[1], titles[0]]


def shown_titles(page) -> list[str]:
    return [text.split("\n")[0] for text in page.locator("#result_list tbody th a").all_inner_texts()]


def sort_arrows(page) -> list[tuple[str, int, str]]:
    """The columns the header marks as sorted: (column, priority, direction), by priority."""
    marked = page.locator("#result_list thead th.sorted").evaluate_all(
        "headers => headers.map(th => [th.className, th.querySelector('.sortpriority')?.textContent || '1'])"
    )
    arrows = []
    for classes, priority in marked:
        column = next(name.removeprefix("column-") for name in classes.split() if name.startswith("column-"))
        arrows.append((column, int(priority), "ascending" if "ascending" in classes.split() else "descending"))
    return sorted(arrows, key=lambda arrow: arrow[1])
