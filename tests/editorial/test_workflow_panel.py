"""The revision page's workflow panel, through Django's test client.

A step pressed with unsaved edits saves them first (or refuses and keeps them); the latest send-back is
shown in words; steps that cannot be undone are confirmed; a missing button is explained.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from editorial import errors, services
from editorial.models import ReviewComment, Revision, TransitionRecord
from editorial.rules import RULES, Role, State
from tests.factories import PASSWORD, make_article, make_user, publish
from tests.security.htmlforms import scrape_form


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_url(revision) -> str:
    return reverse("admin:editorial_revision_change", args=[revision.pk])


def open_form(client, revision) -> dict:
    """What the editor's browser would post from the revision page (the revision's own form)."""
    return scrape_form(client.get(page_url(revision)).content.decode(), "revision_form")


def sent_back(staff, *, comment="Please cite the dosing schedule.", thread="How often?"):
    """A draft that went to the board and came back with changes requested and one open thread."""
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    section = revision.sections.get(heading="Treatment")
    services.review_comment_add(actor=staff.reviewer, revision=revision, section=section, body=thread)
    return services.revision_request_changes(actor=staff.reviewer, revision=revision, comment=comment)


# ---------------------------------------------------------------------------------------------
# Point 3: a workflow button on a page with unsaved edits saves them first, or refuses and keeps them


def test_submit_with_unsaved_edits_saves_them_with_history_then_submits(client, staff):
    revision = make_article(actor=staff.author)
    login(client, staff.author)
    form = open_form(client, revision)
    form["summary"] = ["Typed just before pressing Submit."]
    form["sections-1-body"] = ["Sodium thiosulfate three times a week."]
    response = client.post(page_url(revision), form | {"_workflow": ["submit"], "comment": ["Ready."]})

    assert response.status_code == 302
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.state == State.SUBMITTED
    assert stored.summary == "Typed just before pressing Submit."
    assert stored.sections.get(heading="Treatment").body == "Sodium thiosulfate three times a week."
    # History: the edit (by the author, with the typed text), then the submission.
    rows = list(stored.history.order_by("history_id").values("summary", "state", "history_user_id", "version"))
    assert rows[-2] == {
        "summary": "Typed just before pressing Submit.",
        "state": State.DRAFT,
        "history_user_id": staff.author.pk,
        "version": 2,
    }
    assert rows[-1]["state"] == State.SUBMITTED and rows[-1]["version"] == 3
    section = stored.sections.get(heading="Treatment")
    assert section.history.filter(body="Sodium thiosulfate three times a week.", history_user=staff.author).exists()
    assert TransitionRecord.objects.get(revision=revision, action="submit").comment == "Ready."
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Your changes were saved. Submit for review: revision 1 of “{stored.title}” is done."]


def test_submit_without_edits_takes_only_the_step(client, staff):
    revision = make_article(actor=staff.author)
    login(client, staff.author)
    response = client.post(page_url(revision), open_form(client, revision) | {"_workflow": ["submit"]})

    assert response.status_code == 302
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.state == State.SUBMITTED and stored.version == 2  # no edit version in between
    assert stored.history.count() == 2  # created, submitted
    assert list(stored.sections.model.history.filter(revision_id=revision.pk, history_type="~")) == []


def test_an_invalid_page_is_shown_again_with_what_was_typed_and_nothing_done(client, staff):
    revision = make_article(actor=staff.author)
    login(client, staff.author)
    form = open_form(client, revision) | {"title": [""], "summary": ["My new summary, not lost."]}
    response = client.post(page_url(revision), form | {"_workflow": ["submit"], "comment": ["My note."]})

    html = response.content.decode()
    assert response.status_code == 200
    assert errors.UNSAVED_INVALID_MESSAGE.format(label="Submit for review") in html
    assert "My new summary, not lost." in html and ">My note.</textarea>" in html
    stored = Revision.objects.get(pk=revision.pk)
    assert (stored.state, stored.version, stored.summary) == (State.DRAFT, 1, revision.summary)


def test_a_stale_page_refuses_the_step_and_keeps_the_typed_text(client, staff):
    revision = make_article(actor=staff.author)
    login(client, staff.author)
    form = open_form(client, revision) | {"summary": ["Mine, typed on an old page."]}
    services.revision_edit(
        actor=staff.second_editor, revision=revision, expected_version=1, summary="Saved by someone else."
    )
    response = client.post(page_url(revision), form | {"_workflow": ["submit"]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this revision" in html and "Mine, typed on an old page." in html
    assert errors.STALE_UNSAVED_MESSAGE.format(label="Submit for review") in html
    stored = Revision.objects.get(pk=revision.pk)
    assert (stored.state, stored.summary) == (State.DRAFT, "Saved by someone else.")


def test_a_refused_step_after_saving_says_the_text_is_saved(client, staff):
    revision = make_article(actor=staff.author)
    login(client, staff.author)
    form = open_form(client, revision) | {"summary": ["Cites a source the library lacks [@nowhere]."]}
    response = client.post(page_url(revision), form | {"_workflow": ["submit"]}, follow=True)

    stored = Revision.objects.get(pk=revision.pk)
    assert stored.state == State.DRAFT and stored.summary == "Cites a source the library lacks [@nowhere]."
    assert stored.history.filter(summary__contains="[@nowhere]").exists()
    html = response.content.decode()
    assert "Your changes were saved, but “Submit for review” was not done" in html
    assert "[@nowhere]" in html


def test_the_editors_buttons_belong_to_the_revision_form_and_enter_still_saves(client, staff):
    revision = make_article(actor=staff.author)
    html = login(client, staff.author).get(page_url(revision)).content.decode()
    assert 'name="_workflow" value="submit" form="revision_form"' in html
    assert 'name="comment" id="workflow-comment" rows="3" cols="80" form="revision_form"' in html
    # The first submit button of the form in the page's order is a hidden Save: Enter in a field saves.
    first_button = html.index('form="revision_form"', html.index('id="workflow-form"'))
    assert html.rfind('name="_save"', 0, first_button) > html.index('id="workflow-form"')
    assert '<script src="/static/vetted/unsaved.js" defer></script>' in html


def test_a_refused_comment_is_kept_for_the_page(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    services.review_comment_add(actor=staff.second_reviewer, revision=revision, body="Open question.")
    login(client, staff.reviewer)
    transition = reverse("admin:editorial_revision_transition", args=[revision.pk])
    response = client.post(
        transition,
        {"action": "approve", "expected_version": revision.version, "comment": "Checked every dose."},
        follow=True,
    )
    html = response.content.decode()
    assert "1 comment thread(s) are still open" in html
    assert ">Checked every dose.</textarea>" in html  # the approval refused, the typed comment kept
    assert ">Checked every dose.</textarea>" not in client.get(page_url(revision)).content.decode()  # once


# ---------------------------------------------------------------------------------------------
# Point 5: the reason it came back, in words, with the open threads


def test_the_editor_sees_why_it_came_back_and_the_open_threads(client, staff):
    revision = sent_back(staff)
    thread = ReviewComment.objects.get(revision=revision)
    html = login(client, staff.author).get(page_url(revision)).content.decode()

    box = html[html.index('id="workflow-decision"') : html.index("</div>", html.index('id="workflow-decision"'))]
    assert "The board asked for changes" in box and "Ada Reviewer" in box
    assert "Please cite the dosing schedule." in box
    assert "1 comment thread still open" in box
    assert f'href="#thread-{thread.pk}"' in box and "on section “Treatment”" in box and "How often?" in box


def test_a_rejection_is_explained_at_the_top(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    services.revision_reject(actor=staff.reviewer, revision=revision, comment="Out of scope for this library.")
    html = login(client, staff.author).get(page_url(revision)).content.decode()
    assert "The board rejected this revision" in html and "Out of scope for this library." in html
    assert escape(errors.NO_STEP_MESSAGES["rejected"].format(number=1)) in html


def test_after_resubmission_the_reviewer_sees_what_was_asked_last_time(client, staff):
    revision = sent_back(staff)
    services.revision_submit(actor=staff.author, revision=revision)
    html = login(client, staff.second_reviewer).get(page_url(revision)).content.decode()
    assert "Changes asked for in the last review" in html and "Please cite the dosing schedule." in html


def test_the_workflow_history_reads_in_words(client, staff):
    revision = sent_back(staff)
    html = login(client, staff.author).get(page_url(revision)).content.decode()
    history = html[html.lower().index("workflow history (who, when") :]
    steps = re.findall(r'<td class="field-step">\s*<p>([^<]*)</p>', history)
    assert steps == ["Request changes", "Start review", "Submit for review", "Create"]  # newest first
    for code in ("request_changes", "start_review"):
        assert f">{code}<" not in history and f" {code} " not in history
    events = login(client, staff.superuser).get(reverse("admin:editorial_transitionrecord_changelist"))
    assert '<td class="field-step">Request changes</td>' in events.content.decode()


# ---------------------------------------------------------------------------------------------
# Point 9: confirmation, "Start a new revision" only when it can succeed, withdraw from the article page


def test_reject_asks_for_confirmation_first(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    login(client, staff.reviewer)
    transition = reverse("admin:editorial_revision_transition", args=[revision.pk])
    asked = client.post(
        transition, {"action": "reject", "expected_version": revision.version, "comment": "Out of scope."}
    )

    html = asked.content.decode()
    assert asked.status_code == 200 and 'id="confirm-step"' in html
    assert RULES["reject"].confirm.format(number=1, title=revision.title) in html
    assert ">Out of scope.</textarea>" in html
    assert Revision.objects.get(pk=revision.pk).state == State.SUBMITTED  # nothing happened yet
    confirm = scrape_form(html, "confirm-step-form")
    assert confirm["confirmed"] == ["1"] and confirm["action"] == ["reject"]
    client.post(transition, confirm)
    assert Revision.objects.get(pk=revision.pk).state == State.REJECTED
    assert TransitionRecord.objects.get(revision=revision, action="reject").comment == "Out of scope."


def test_a_step_the_policy_refuses_is_refused_before_any_confirmation(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    login(client, staff.reviewer)
    transition = reverse("admin:editorial_revision_transition", args=[revision.pk])
    response = client.post(transition, {"action": "reject", "expected_version": revision.version}, follow=True)
    html = response.content.decode()
    assert 'id="confirm-step"' not in html and "A comment is required to reject a revision" in html
    assert Revision.objects.get(pk=revision.pk).state == State.SUBMITTED


def test_cancelling_a_confirmation_keeps_the_reason(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    login(client, staff.reviewer)
    transition = reverse("admin:editorial_revision_transition", args=[revision.pk])
    client.post(transition, {"action": "reject", "expected_version": revision.version, "comment": "Why: scope."})
    assert ">Why: scope.</textarea>" in client.get(page_url(revision)).content.decode()


def test_start_a_new_revision_is_offered_only_when_no_revision_is_open(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article_page = reverse("admin:articles_article_change", args=[approved.article_id])
    login(client, staff.author)
    html = client.get(article_page).content.decode()
    assert 'id="new-revision-form"' in html and 'id="open-revision"' not in html

    draft = services.revision_start_new(actor=staff.author, article=approved.article)
    html = client.get(article_page).content.decode()
    assert 'id="new-revision-form"' not in html
    assert "Revision 2 of this article is still draft; finish it before starting another." in html
    assert f'href="{page_url(draft)}" id="open-revision-link"' in html


def test_withdraw_is_offered_on_the_article_page_to_the_editor_in_chief_only(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    article_page = reverse("admin:articles_article_change", args=[approved.article_id])
    for user in (staff.author, staff.reviewer):
        assert 'id="withdraw-form"' not in login(client, user).get(article_page).content.decode()

    html = login(client, staff.chief).get(article_page).content.decode()
    typed = {"comment": ["Classification under review."], "reason_category": ["error"]}
    form = scrape_form(html, "withdraw-form") | typed
    asked = client.post(reverse("admin:editorial_revision_transition", args=[approved.pk]), form)
    assert 'id="confirm-step"' in asked.content.decode()
    assert Revision.objects.get(pk=approved.pk).state == State.APPROVED
    done = client.post(
        reverse("admin:editorial_revision_transition", args=[approved.pk]),
        scrape_form(asked.content.decode(), "confirm-step-form"),
    )
    assert done.status_code == 302 and done["Location"] == article_page  # back where the chief started
    assert Revision.objects.get(pk=approved.pk).state == State.WITHDRAWN
    assert TransitionRecord.objects.get(revision=approved, action="withdraw").reason_category == "error"


def test_a_withdrawal_without_a_reason_category_is_refused_and_changes_nothing(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    login(client, staff.chief)
    form = {"action": "withdraw", "confirmed": "1", "expected_version": approved.version, "comment": "Unsafe."}
    for category in ("", "whim"):
        response = client.post(
            reverse("admin:editorial_revision_transition", args=[approved.pk]), form | {"reason_category": category}
        )
        assert response.status_code == 302
        assert Revision.objects.get(pk=approved.pk).state == State.APPROVED
        assert not TransitionRecord.objects.filter(revision=approved, action="withdraw").exists()


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("writer", State.SUBMITTED, errors.TEXT_LOCKED_MESSAGES["submitted"].format(number=1)),
        ("chief", State.APPROVED, errors.TEXT_LOCKED_MESSAGES["approved"]),
        ("writer", State.UNDER_REVIEW, errors.SELF_APPROVAL_MESSAGE),
        ("second_reviewer", State.DRAFT, errors.NO_STEP_MESSAGES["draft"].format(number=1)),
        ("second_editor", State.SUBMITTED, errors.NO_STEP_MESSAGES["submitted"].format(number=1)),
        ("second_editor", State.UNDER_REVIEW, errors.NO_STEP_MESSAGES["under_review"].format(number=1)),
        ("chief", State.UNDER_REVIEW, errors.NO_STEP_MESSAGES["under_review"].format(number=1)),
        ("second_editor", State.APPROVED, errors.NO_STEP_MESSAGES["approved"].format(number=1)),
    ],
)
def test_a_missing_button_is_explained(client, staff, who, state, expected):
    writer = make_user("writer", Role.EDITOR, Role.BOARD)  # writes, and sits on the board
    revision = make_article(actor=writer)
    if state != State.DRAFT:
        revision = services.revision_submit(actor=writer, revision=revision)
    if state in (State.UNDER_REVIEW, State.APPROVED):
        revision = services.revision_start_review(actor=staff.reviewer, revision=revision)
    if state == State.APPROVED:
        revision = services.revision_approve(actor=staff.reviewer, revision=revision)
    user = writer if who == "writer" else getattr(staff, who)
    html = login(client, user).get(page_url(revision)).content.decode()
    assert escape(expected) in html


def test_an_editor_on_a_draft_sees_the_step_and_no_excuses(client, staff):
    revision = make_article(actor=staff.author)
    html = login(client, staff.second_editor).get(page_url(revision)).content.decode()
    assert 'value="submit"' in html
    for absent in ('id="workflow-no-step"', 'id="text-locked"', 'id="approve-refusal"', 'id="workflow-decision"'):
        assert absent not in html
    assert "Comment for the workflow history (optional)" in html
