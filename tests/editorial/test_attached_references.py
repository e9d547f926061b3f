"""An uncited reference attached to a revision is flagged to the editor; readers see only cited ones."""

import pytest
from django.urls import reverse

from editorial import selectors, services
from editorial.rules import ImmutableRevisionError, WorkflowError, WrongStateError
from tests.factories import ReferenceFactory, make_article, publish


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_attached_but_uncited_references_are_flagged(staff):
    cited, spare = ReferenceFactory(key="cited"), ReferenceFactory(key="spare")
    revision = make_article(actor=staff.author, sections=[{"heading": "H", "body": "Text [@cited]."}])
    services.revision_attach_references(actor=staff.author, revision=revision, references=[cited, spare, spare])
    assert revision.attached_references.count() == 2
    assert selectors.uncited_attached_references(revision) == [spare]
    attachment = revision.attached_references.get(reference=spare)
    assert attachment.added_by == staff.author and attachment.history.get().history_user == staff.author
    assert [entry["key"] for entry in selectors.revision_bibliography(revision)] == ["cited"]


def test_revision_page_shows_the_flag(client, staff):
    spare = ReferenceFactory(key="spare")
    revision = make_article(actor=staff.author)
    services.revision_attach_references(actor=staff.author, revision=revision, references=[spare])
    client.force_login(staff.author)
    html = client.get(reverse("admin:editorial_revision_change", args=[revision.pk])).content.decode()
    assert 'id="uncited-attached"' in html and "[@spare]</a>" in html


def test_only_editors_attach_and_only_to_drafts(staff):
    ref = ReferenceFactory(key="r")
    revision = make_article(actor=staff.author)
    with pytest.raises(WorkflowError):
        services.revision_attach_references(actor=staff.reviewer, revision=revision, references=[ref])
    approved = publish(revision, editor=staff.author, reviewer=staff.reviewer)
    with pytest.raises((ImmutableRevisionError, WrongStateError)):
        services.revision_attach_references(actor=staff.author, revision=approved, references=[ref])
    assert approved.attached_references.count() == 0
