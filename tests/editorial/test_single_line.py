"""A title, heading, label or key with a line break is refused on every write path, and nothing changes.

Such a title once became the subject of every email about its revision, and each of those emails failed
("Header values can't contain newlines"). The refusal is one field validator (core/fields.py); these tests
try it through the services, the importer and the admin's forms, and check that notification subjects
survive a line break anyway.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, Audience
from core.fields import SINGLE_LINE_MESSAGE
from editorial import services
from editorial.models import Notification, Revision, Section
from editorial.notifications import notify_transition, send_pending
from references.models import Reference, ReferenceImport
from references.services import ImportRefusedError, reference_save, references_import
from tests.admin_forms import form_data
from tests.factories import make_article

BROKEN = "What is\ncalciphylaxis?"


def snapshot(revision: Revision) -> tuple:
    """What an edit could change: the row, its version, its sections and every history row."""
    revision.refresh_from_db()
    return (
        revision.title,
        revision.plain_title,
        revision.version,
        list(revision.sections.values_list("heading", "plain_heading")),
        revision.history.count(),
        Section.history.filter(revision_id=revision.pk).count(),
    )


# ---------------------------------------------------------------------------------------------
# Through the services


def test_creating_an_article_with_a_broken_title_is_refused_and_creates_nothing(staff):
    with pytest.raises(ValidationError) as refused:
        services.article_create(actor=staff.author, slug="calciphylaxis", title=BROKEN, summary="Rare.")
    assert refused.value.message_dict == {"title": [SINGLE_LINE_MESSAGE]}
    assert not Article.objects.exists() and not Revision.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"title": BROKEN},
        {"title": "What is calciphylaxis?\r\n"},
        {"plain_title": "Calciphylaxis:\u2028a rare disease"},
        {"sections": [{"heading": "Causes\nand risks", "body": "Calcium."}]},
        {"sections": [{"heading": "Causes", "plain_heading": "Why\rit happens", "body": "Calcium."}]},
    ],
    ids=["title", "title-crlf", "plain-title-unicode-separator", "heading", "plain-heading"],
)
def test_editing_a_draft_with_a_line_break_is_refused_and_changes_nothing(staff, changes):
    revision = make_article(actor=staff.author)
    before = snapshot(revision)
    with pytest.raises(ValidationError) as refused:
        services.revision_edit(actor=staff.author, revision=revision, expected_version=revision.version, **changes)
    assert SINGLE_LINE_MESSAGE in refused.value.messages
    assert snapshot(revision) == before


def test_a_reference_title_with_a_line_break_is_refused(staff):
    reference = Reference(key="nigwekar2015", title="Calciphylaxis:\nrisk factors", container="AJKD", year=2015)
    with pytest.raises(ValidationError) as refused:
        reference_save(actor=staff.author, reference=reference)
    assert refused.value.message_dict == {"title": [SINGLE_LINE_MESSAGE]}
    assert not Reference.objects.exists()


def test_an_import_with_a_broken_title_is_refused_as_a_whole(staff):
    records = [
        {"source": "record 1", "type": "research", "title": "A good title", "container": "AJKD", "year": 2015},
        {
            "source": "record 2",
            "type": "research",
            "title": "Calciphylaxis:\nrisk factors",
            "container": "AJKD",
            "year": 2015,
        },
    ]
    with pytest.raises(ImportRefusedError, match="record 2: title: Keep this to one line"):
        references_import(actor=staff.author, records=records, filename="refs.ris", fmt="ris")
    assert not Reference.objects.exists() and not ReferenceImport.objects.exists()


def test_an_import_log_keeps_its_file_name_on_one_line(staff):
    records = [{"source": "record 1", "type": "research", "title": "A good title", "container": "AJKD", "year": 2015}]
    references_import(actor=staff.author, records=records, filename="my\nrefs.ris", fmt="ris")
    assert ReferenceImport.objects.get().filename == "my refs.ris"


# ---------------------------------------------------------------------------------------------
# Through the admin's forms


def test_add_article_form_refuses_a_broken_title(client, staff):
    client.force_login(staff.author)
    response = client.post(
        reverse("admin:articles_article_add"), {"title": BROKEN, "slug": "calciphylaxis", "summary": "Rare."}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"title": [SINGLE_LINE_MESSAGE]}
    assert SINGLE_LINE_MESSAGE in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("title", BROKEN), ("plain_title", "Plain\rtitle"), ("sections-0-heading", "Causes\nand risks")],
)
def test_revision_form_refuses_a_broken_title_or_heading(client, staff, field, value):
    revision = make_article(actor=staff.author)
    before = snapshot(revision)
    client.force_login(staff.author)
    url = reverse("admin:editorial_revision_change", args=[revision.pk])
    data = form_data(client.get(url), "revision_form")
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert SINGLE_LINE_MESSAGE in response.content.decode()
    assert snapshot(revision) == before


def test_reference_form_refuses_a_broken_title(client, staff):
    client.force_login(staff.author)
    data = {"key": "nigwekar2015", "type": "research", "title": "Risk\nfactors", "container": "AJKD", "year": 2015}
    response = client.post(reverse("admin:references_reference_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"title": [SINGLE_LINE_MESSAGE]}
    assert not Reference.objects.exists()


def test_audience_form_refuses_a_broken_label(client, staff):
    audience = Audience.objects.first()
    client.force_login(staff.chief)
    url = reverse("admin:articles_audience_change", args=[audience.pk])
    data = form_data(client.get(url), "audience_form")
    data["label"] = "Patient or\ncaregiver"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"label": [SINGLE_LINE_MESSAGE]}
    assert Audience.objects.get(pk=audience.pk).label == audience.label


# ---------------------------------------------------------------------------------------------
# Notification subjects, in depth


def test_a_title_that_got_a_line_break_anyway_still_gets_its_email_out(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    """Say a title with a line break predates the validator: the email about it is still sent."""
    revision = make_article(actor=staff.author)
    revision.title = BROKEN  # as an old row would hold it; not saved (the validator would refuse it)
    with django_capture_on_commit_callbacks(execute=True):
        notify_transition(revision=revision, action="submit", actor=staff.author)
    assert [message.subject for message in mailoutbox] == ["Review requested: What is calciphylaxis? (revision 1)"] * 2
    assert set(Notification.objects.values_list("subject", flat=True)) == {
        "Review requested: What is calciphylaxis? (revision 1)"
    }
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_an_outbox_row_queued_with_a_broken_subject_is_sent_on_retry(staff, mailoutbox):
    revision = make_article(actor=staff.author)
    # An outbox row written before subjects were cleaned (objects.create runs no validation).
    Notification.objects.create(
        recipient=staff.reviewer,
        email=staff.reviewer.email,
        event="submit",
        revision=revision,
        subject=BROKEN,
        body=".",
    )
    assert send_pending() == (1, 0)
    assert [message.subject for message in mailoutbox] == ["What is calciphylaxis?"]
