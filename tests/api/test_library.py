"""GET /api/v1/references/{key}/ and /api/v1/board/{slug}/: only what the public site already shows."""

import json

from articles.models import BoardProfile
from core.history import save_with_history
from editorial import services
from references.models import Reference
from tests.factories import ReferenceFactory, make_article, publish


def get(client, path):
    response = client.get(path)
    return response.status_code, json.loads(response.content)


def test_reference_cited_by_a_published_article_with_its_pinned_identifiers(client, cited):
    status, data = get(client, "/api/v1/references/study/")
    assert status == 200
    assert (data["pmid"], data["pubmed_url"]) == ("12345678", "https://pubmed.ncbi.nlm.nih.gov/12345678/")
    assert data["authors"] == ["Nigwekar SU", "Thadhani R"]
    assert data["title"] == "A cohort <study>" and "&lt;study&gt;" in data["html"]
    assert [article["slug"] for article in data["cited_by"]] == ["calciphylaxis"]


def test_reference_shows_the_snapshot_pinned_at_approval_not_later_library_edits(client, cited, staff):
    reference = Reference.objects.get(key="study")
    reference.title = "EDITED AFTER APPROVAL"
    save_with_history(reference, actor=staff.author, reason="A later correction")
    status, data = get(client, "/api/v1/references/study/")
    assert data["title"] == "A cohort <study>"


def test_reference_only_in_the_library_or_an_unapproved_draft_is_a_404(client, staff):
    ReferenceFactory(key="unused")
    ReferenceFactory(key="draft-only")
    make_article(actor=staff.author, slug="draft", summary="Cites [@draft-only].")
    for key in ["unused", "draft-only", "nothing"]:
        status, data = get(client, f"/api/v1/references/{key}/")
        assert status == 404 and data["error"]["code"] == "not_found"


def test_withdrawn_articles_citations_are_no_longer_served(client, staff, django_capture_on_commit_callbacks):
    ReferenceFactory(key="only-here")
    revision = publish(
        make_article(actor=staff.author, slug="w", summary="Cites [@only-here]."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    assert get(client, "/api/v1/references/only-here/")[0] == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_withdraw(actor=staff.chief, revision=revision, comment="Unsafe.")
    assert get(client, "/api/v1/references/only-here/")[0] == 404


def test_board_member_profile_and_reviewed_articles_as_the_board_page_shows(client, cited, staff):
    BoardProfile.objects.create(
        user=staff.reviewer, slug="ada", display_name="Ada R", credentials="MD", bio="Kidney **doctor**."
    )
    status, data = get(client, "/api/v1/board/ada/")
    page = client.get("/board/ada/").content.decode()
    assert status == 200
    assert data["bio"]["html"] in page and data["bio"]["text"] == "Kidney doctor."
    assert data["conflicts_of_interest"]["text"] == "None declared."
    assert [article["slug"] for article in data["reviewed"]] == ["calciphylaxis"]
    assert data["profile_url"] == "http://testserver/board/ada/"


def test_unlisted_or_unknown_board_member_is_a_404(client, staff):
    BoardProfile.objects.create(user=staff.reviewer, slug="hidden", display_name="H", listed=False)
    for slug in ["hidden", "nobody"]:
        status, data = get(client, f"/api/v1/board/{slug}/")
        assert status == 404 and data["error"]["code"] == "not_found"
