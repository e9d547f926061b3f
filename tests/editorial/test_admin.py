"""The staff admin as editors and board members use it, through the test client."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from editorial import errors, services
from editorial.models import Revision, TransitionRecord
from editorial.rules import State
from tests.admin_forms import form_data
from tests.factories import make_article, publish


def change_url(revision):
    return reverse("admin:editorial_revision_change", args=[revision.pk])


def transition(client, revision, action, comment=""):
    revision.refresh_from_db()
    return client.post(
        reverse("admin:editorial_revision_transition", args=[revision.pk]),
        {"action": action, "comment": comment, "expected_version": revision.version},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_editor_creates_an_article_writes_sections_and_submits(client, staff):
    client.force_login(staff.author)
    response = client.post(
        reverse("admin:articles_article_add"),
        {"slug": "gout", "title": "What is gout?", "summary": "A form of arthritis."},
    )
    article = Article.objects.get(slug="gout")
    revision = article.revisions.get()
    assert response.status_code == 302 and response.url == change_url(revision)
    assert (revision.number, revision.state, revision.author) == (1, State.DRAFT, staff.author)

    page = client.get(change_url(revision))
    assert page.status_code == 200
    data = form_data(page, "revision_form")
    data.update(
        {
            "summary": "Gout is an inflammatory arthritis caused by urate crystals.",
            "change_note": "Add the first two sections",
            "sections-TOTAL_FORMS": "2",
            "sections-0-position": "1",
            "sections-0-heading": "Causes",
            "sections-0-body": "High urate levels.",
            "sections-0-plain_body": "Too much uric acid.",
            "sections-1-position": "2",
            "sections-1-heading": "Treatment",
            "sections-1-body": "Colchicine or NSAIDs.",
        }
    )
    response = client.post(change_url(revision), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision.refresh_from_db()
    assert revision.version == 2
    assert [s.heading for s in revision.sections.all()] == ["Causes", "Treatment"]
    assert revision.sections.get(heading="Causes").plain_body == "Too much uric acid."
    assert revision.history.latest().history_user == staff.author
    assert revision.sections.first().history.latest().history_user == staff.author

    response = transition(client, revision, "submit")
    revision.refresh_from_db()
    assert revision.state == State.SUBMITTED
    assert any("Submit for review" in m for m in messages_of(response))


def test_board_member_reviews_from_the_queue(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    client.force_login(staff.reviewer)
    queue = client.get(reverse("admin:editorial_revision_changelist") + "?queue=mine")
    assert "What is calciphylaxis?" in queue.content.decode()

    page = client.get(change_url(revision))
    html = page.content.decode()
    assert 'value="start_review"' in html and 'value="reject"' in html
    assert 'value="approve"' not in html  # not yet under review
    assert 'name="_save"' not in html  # board members read; they do not edit content

    transition(client, revision, "start_review")
    response = transition(client, revision, "request_changes", comment="")
    assert "A comment is required to request changes to a revision: say why." in messages_of(response)
    revision.refresh_from_db()
    assert revision.state == State.UNDER_REVIEW

    transition(client, revision, "request_changes", comment="Please cite the KDIGO guideline.")
    revision.refresh_from_db()
    assert revision.state == State.CHANGES_REQUESTED

    # The editor sees the review comment on their draft and can act again.
    client.force_login(staff.author)
    html = client.get(change_url(revision)).content.decode()
    assert "Please cite the KDIGO guideline." in html
    assert 'name="_save"' in html and 'value="submit"' in html


def test_board_member_approves_and_the_public_page_follows(client, staff):
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    services.revision_start_review(actor=staff.reviewer, revision=revision)
    assert client.get("/articles/calciphylaxis/").status_code == 404
    client.force_login(staff.second_reviewer)
    response = transition(client, revision, "approve")
    assert any("Approve and publish" in m for m in messages_of(response))
    client.logout()
    page = client.get("/articles/calciphylaxis/")
    assert page.status_code == 200 and "What is calciphylaxis?" in page.content.decode()


def test_author_who_is_on_the_board_sees_no_approve_button_and_is_refused(client, staff):
    staff.reviewer.groups.add(*staff.author.groups.all())
    revision = make_article(actor=staff.reviewer, slug="own")
    services.revision_submit(actor=staff.reviewer, revision=revision)
    services.revision_start_review(actor=staff.second_reviewer, revision=revision)
    client.force_login(staff.reviewer)
    assert 'value="approve"' not in client.get(change_url(revision)).content.decode()
    response = transition(client, revision, "approve")
    assert errors.SELF_APPROVAL_MESSAGE in messages_of(response)
    revision.refresh_from_db()
    assert revision.state == State.UNDER_REVIEW


def test_stale_edit_form_is_refused_with_a_conflict_message(client, staff):
    revision = make_article(actor=staff.author)
    client.force_login(staff.author)
    stale = form_data(client.get(change_url(revision)), "revision_form")

    other = type(client)()
    other.force_login(staff.second_editor)
    fresh = form_data(other.get(change_url(revision)), "revision_form")
    fresh["title"] = "What causes calciphylaxis?"
    assert other.post(change_url(revision), fresh).status_code == 302

    stale["title"] = "Is calciphylaxis treatable?"
    response = client.post(change_url(revision), stale)
    assert response.status_code == 200
    assert "Someone else changed this revision" in response.content.decode()
    revision.refresh_from_db()
    assert revision.title == "What causes calciphylaxis?"


def test_approved_revision_cannot_be_changed_through_the_admin(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client.force_login(staff.author)
    page = client.get(change_url(approved))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    data = {"title": "Changed?", "summary": "Changed", "expected_version": approved.version}
    data.update({"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"})
    response = client.post(change_url(approved), data)
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.title == "What is calciphylaxis?"


def test_editor_starts_a_new_revision_of_an_approved_article(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client.force_login(staff.second_editor)
    url = reverse("admin:articles_article_new_revision", args=[approved.article_id])
    response = client.post(url, {"change_note": "New trial data"})
    new = Revision.objects.get(article=approved.article, number=2)
    assert response.status_code == 302 and response.url == change_url(new)
    assert (new.state, new.based_on, new.author, new.change_note) == (
        State.DRAFT,
        approved,
        staff.second_editor,
        "New trial data",
    )
    response = client.post(url, {}, follow=True)
    assert any("Revision 2 of this article is still a draft;" in m for m in messages_of(response))
    assert Revision.objects.filter(article=approved.article).count() == 2


def test_board_member_cannot_create_articles_or_start_revisions(client, staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    client.force_login(staff.reviewer)
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    client.post(reverse("admin:articles_article_new_revision", args=[approved.article_id]))
    assert Revision.objects.filter(article=approved.article).count() == 1


@pytest.mark.parametrize("url_name", ["revision", "article"])
def test_history_is_listed_and_cannot_be_reverted(client, staff, url_name):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    obj = approved if url_name == "revision" else approved.article
    app = "editorial" if url_name == "revision" else "articles"
    client.force_login(staff.superuser)
    history = client.get(reverse(f"admin:{app}_{url_name}_history", args=[obj.pk]))
    assert history.status_code == 200
    first = obj.history.earliest()
    url = reverse(f"admin:{app}_{url_name}_simple_history", args=[obj.pk, first.history_id])
    before = (obj.history.count(), type(obj).objects.get(pk=obj.pk).__dict__.get("title"))
    response = client.post(url, {"title": "Reverted?"})
    assert response.status_code in {403, 404}
    assert (obj.history.count(), type(obj).objects.get(pk=obj.pk).__dict__.get("title")) == before


def test_audit_records_are_read_only_in_the_admin(client, staff):
    publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    record = TransitionRecord.objects.first()
    client.force_login(staff.superuser)
    assert client.get(reverse("admin:editorial_transitionrecord_changelist")).status_code == 200
    url = reverse("admin:editorial_transitionrecord_delete", args=[record.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert TransitionRecord.objects.filter(pk=record.pk).exists()


def test_transition_url_refuses_get(client, staff):
    revision = make_article(actor=staff.author)
    client.force_login(staff.author)
    assert client.get(reverse("admin:editorial_revision_transition", args=[revision.pk])).status_code == 405


def test_the_admin_offers_view_on_site_only_for_an_article_readers_can_see(client, staff):
    client.force_login(staff.chief)
    published = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    draft_only = make_article(actor=staff.author, slug="draft-only")

    def view_on_site(article_id):
        page = client.get(reverse("admin:articles_article_change", args=[article_id])).content.decode()
        return re.findall(r'<a href="([^"]*)" class="viewsitelink">', page)

    assert view_on_site(published.article_id) == ["/articles/calciphylaxis/"]
    assert view_on_site(draft_only.article_id) == []
    services.revision_withdraw(actor=staff.chief, revision=published, comment="Under investigation.")
    assert view_on_site(published.article_id) == []
