"""The question box (issue 15): passages follow the workflow, only approved wording counts, the answer page
quotes approved text only, refuses honestly, puts emergencies first and escapes what readers type."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ask import services
from ask.models import Passage, Question, Wording
from ask.retrieval import answer, passage_version
from editorial import services as editorial
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECRET = "zebrafishology"  # a word in no approved text


def approve(revision, staff):
    revision = editorial.revision_submit(actor=staff.author, revision=revision)
    revision = editorial.revision_start_review(actor=staff.reviewer, revision=revision)
    return editorial.revision_approve(actor=staff.reviewer, revision=revision)


def ask(client, q, audience="healthcare-professional", **extra):
    return client.get(reverse("ask:ask"), {"q": q, "audience": audience, **extra})


def test_passages_are_written_on_approve_and_gone_on_withdraw(staff, client, django_capture_on_commit_callbacks):
    revision = approve(make_article(actor=staff.author, slug="thiosulfate"), staff)
    assert Passage.objects.filter(article=revision.article, register="professional").count() == 2
    assert "Sodium thiosulfate is used." in ask(client, "is sodium thiosulfate used").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached answer retires on commit
        editorial.revision_withdraw(actor=staff.chief, revision=revision, comment="Out of date.")
    assert not Passage.objects.filter(article=revision.article).exists()
    assert "Sodium thiosulfate is used." not in ask(client, "is sodium thiosulfate used").content.decode()


def test_the_passages_version_rises_with_approve_and_withdraw_so_workers_rebuild_their_index(staff):
    before = passage_version()
    revision = approve(make_article(actor=staff.author, slug="thiosulfate"), staff)
    approved = passage_version()
    assert approved > before
    assert answer("is sodium thiosulfate used", "professional").ranked  # this worker's index now holds it
    editorial.revision_withdraw(actor=staff.chief, revision=revision, comment="Out of date.")
    assert passage_version() > approved
    # The ranking itself, not only the page's published-revision filter, has dropped the withdrawn passages.
    assert answer("is sodium thiosulfate used", "professional").ranked == []


def secret_revision(staff, state: str):
    """An article whose revision holds SECRET, taken to ``state`` through the services."""
    sections = [{"heading": "Causes", "body": f"{SECRET} calcium builds up.", "plain_body": f"{SECRET} calcium."}]
    revision = make_article(actor=staff.author, slug=f"secret-{state}", sections=sections)
    steps = {
        "draft": [],
        "submitted": ["submit"],
        "under_review": ["submit", "start_review"],
        "changes_requested": ["submit", "start_review", "request_changes"],
        "rejected": ["submit", "reject"],
        "withdrawn": ["submit", "start_review", "approve", "withdraw"],
    }[state]
    for action in steps:
        actor = staff.author if action == "submit" else staff.chief if action == "withdraw" else staff.reviewer
        revision = editorial.revision_transition(actor=actor, revision=revision, action=action, comment="Because.")
    return revision


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review", "changes_requested", "rejected", "withdrawn"])
def test_no_unapproved_text_through_the_box_in_any_state(staff, client, state):
    secret_revision(staff, state)
    for audience in ("healthcare-professional", "patient-or-caregiver", "student"):
        body = ask(client, f"{SECRET} calcium", audience=audience).content.decode()
        assert "builds up" not in body and "No reviewed answer yet" in body  # the question, echoed, but no text
    assert not Passage.objects.filter(text__contains=SECRET).exists()


def test_a_newer_revision_under_review_is_not_quoted(staff, client):
    published = approve(make_article(actor=staff.author, slug="calcium"), staff)
    update = editorial.revision_start_new(actor=staff.author, article=published.article)
    update = editorial.revision_edit(
        actor=staff.author, revision=update, expected_version=update.version, summary=f"{SECRET} summary"
    )
    editorial.revision_submit(actor=staff.author, revision=update)
    assert "Calcium builds up in small vessels." in ask(client, "calcium small vessels").content.decode()
    assert not Passage.objects.filter(revision=update).exists()


def test_synonyms_expand_questions_only_once_approved(staff, client):
    approve(make_article(actor=staff.author, slug="thiosulfate"), staff)
    assert answer("what is the blue potion", "professional").refused
    wording = services.wording_save(
        actor=staff.author, wording=Wording(kind=Wording.Kind.SYNONYM, text="blue potion", means="sodium thiosulfate")
    )
    assert answer("what is the blue potion", "professional").refused
    with pytest.raises(PermissionDenied):
        services.wording_approve(actor=staff.author, wording=wording)  # an editor may not approve
    services.wording_approve(actor=staff.reviewer, wording=wording)
    assert not answer("what is the blue potion", "professional").refused
    services.wording_save(actor=staff.author, wording=wording)  # any change withdraws the approval
    assert answer("what is the blue potion", "professional").refused
    assert wording.history.count() == 3


def test_an_emergency_gets_the_urgent_message_first_and_no_passage(staff, client):
    approve(make_article(actor=staff.author, slug="calcium"), staff)
    for text in ("chest pain", "overdose"):
        row = services.wording_save(actor=staff.author, wording=Wording(kind=Wording.Kind.EMERGENCY_PHRASE, text=text))
        services.wording_approve(actor=staff.reviewer, wording=row)
    body = ask(client, "calcium and a pain in my chest").content.decode()
    assert "Get help now" in body and "emergency" in body
    assert "Calcium builds up" not in body


def test_hostile_questions_are_escaped(staff, client):
    approve(make_article(actor=staff.author, slug="calcium"), staff)
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> calcium "quote'
    body = ask(client, hostile, on='"><script>alert(3)</script>').content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_refusal_offers_to_send_the_question_and_stores_no_address(staff, client):
    approve(make_article(actor=staff.author, slug="calcium"), staff)
    body = ask(client, "can I eat bananas", audience="patient-or-caregiver", on="calcium").content.decode()
    assert "No reviewed answer yet" in body and reverse("ask:send") in body
    form = client.get(reverse("ask:send"), {"q": "can I eat bananas", "audience": "patient-or-caregiver"})
    assert "private" in form["Cache-Control"] and "csrfmiddlewaretoken" in form.content.decode()
    data = {"q": "can I eat bananas", "audience": "patient-or-caregiver", "on": "calcium", "email": ""}
    refused = client.post(reverse("ask:send"), data)  # no consent: a clear error, nothing stored
    assert refused.status_code == 400 and not Question.objects.exists()
    sent = client.post(reverse("ask:send"), {**data, "consent": "on"}, REMOTE_ADDR="203.0.113.9")
    assert sent.status_code == 200 and "private" in sent["Cache-Control"]
    question = Question.objects.get()
    assert (question.text, question.asked_on, question.terms) == ("can I eat bananas", "calcium", "banana eat")
    stored = " ".join(str(value) for value in Question.objects.values().get().values())
    assert "203.0.113.9" not in stored


def test_the_spam_trap_and_the_rate_limit(client, settings):
    data = {"q": "can I eat bananas", "consent": "on"}
    assert client.post(reverse("ask:send"), {**data, "website": "spam"}).status_code == 200
    assert not Question.objects.exists()
    for _ in range(4):
        assert client.post(reverse("ask:send"), data).status_code == 200
    assert client.post(reverse("ask:send"), data).status_code == 429  # 5 per hour, the trap counted
    assert Question.objects.count() == 4


def test_retention_prunes_old_questions(db):
    services.question_send(text="old question here", audience_slug="", asked_on="", email="")
    assert services.questions_prune(days=0) == 1


def test_too_long_a_question_is_a_clear_400(client):
    response = ask(client, "x" * 301)
    assert response.status_code == 400 and "under 300 characters" in response.content.decode()


def test_the_editors_inbox_groups_similar_questions_with_counts(staff, client):
    for text in ("Can I eat bananas?", "can i eat a banana", "Is swimming safe with dialysis?"):
        services.question_send(text=text, audience_slug="", asked_on="", email="")
    client.force_login(staff.author)
    html = client.get(reverse("admin:ask_question_changelist")).content.decode()
    table = html.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr")[2:]  # after the header row
    assert "banana" in rows[0] and '<td class="field-asked_alike">2</td>' in rows[0]  # the most asked first
    assert '<td class="field-asked_alike">1</td>' in rows[2]
    client.force_login(staff.reviewer)  # board members approve wording; the inbox is the editors'
    assert client.get(reverse("admin:ask_question_changelist")).status_code == 403
