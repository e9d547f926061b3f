"""The detail says what the public page says, for every audience, after a review story with every kind of credit:
changes requested by one board member, approval by another, a confirmation by a third, and an update with the
board. ``test_articles.py`` checks the text for a simple story; this adds attribution, roles, dates, the update
notice and the reference list."""

import json
import re
from html import escape, unescape

import pytest

from articles.models import Audience, BoardProfile
from editorial import services
from tests.factories import make_user


@pytest.fixture
def reviewed(cited, staff):
    """``cited`` updated through changes requested (second reviewer), approved (reviewer), confirmed current
    (a third board member), and a further update now under review."""
    third = make_user("third_reviewer", "Advisory Board", first_name="Tom", last_name="Third")
    BoardProfile.objects.create(user=staff.reviewer, slug="ada", display_name="Ada R", credentials="MD, FASN")
    BoardProfile.objects.create(user=third, slug="tom", display_name="Tom T", credentials="PhD")
    draft = services.revision_start_new(actor=staff.second_editor, article=cited)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title="Revised?")
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    draft = services.revision_start_review(actor=staff.second_reviewer, revision=draft)
    draft = services.revision_request_changes(actor=staff.second_reviewer, revision=draft, comment="Cite KDIGO.")
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft)
    services.revision_approve(actor=staff.reviewer, revision=draft)
    cited.refresh_from_db()
    services.article_confirm_current(actor=third, article=cited, comment="Still current.")
    pending = services.revision_start_new(actor=staff.second_editor, article=cited)
    services.revision_submit(actor=staff.second_editor, revision=pending)
    return cited


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def reviewer_names(body: str) -> list[str]:
    names = re.findall(r'class="reviewer">(.*?)</(?:a|span)>', body)
    return list(dict.fromkeys(unescape(re.sub(r"<[^>]+>", "", name)) for name in names))


@pytest.mark.parametrize("audience_slug", ["patient-or-caregiver", "student", "healthcare-professional"])
def test_attribution_dates_notice_and_references_match_the_page(client, reviewed, audience_slug):
    audience = Audience.objects.get(slug=audience_slug)
    body = client.get(f"/articles/calciphylaxis/for/{audience.slug}/").content.decode()
    data = json.loads(client.get("/api/v1/articles/calciphylaxis/", {"audience": audience.slug}).content)

    # The same people, once each, in the page's order, with the same credentials and links.
    named = [", ".join(filter(None, [r["name"], r["credentials"]])) for r in data["reviewers"]]
    assert named == reviewer_names(body)
    roles = {r["name"]: r["roles"] for r in data["reviewers"]}
    assert roles["Ada R"] == ["started_review", "approved"]
    assert roles["Tom T"] == ["confirmed_current"]
    assert any(r == ["started_review", "requested_changes"] for r in roles.values())
    for reviewer in data["reviewers"]:
        if reviewer["profile_url"]:
            assert f'href="{reviewer["profile_url"].removeprefix("http://testserver")}" class="reviewer"' in body

    # Dates and the update notice, as the review-status box shows them.
    dates = re.findall(r'<dt>(Last updated|Last reviewed|Next review due)</dt><dd><time datetime="([\d-]+)"', body)
    api_dates = [
        data["dates"]["last_updated"][:10],
        data["dates"]["last_reviewed"][:10],
        data["dates"]["next_review_due"],
    ]
    assert [day for _, day in dates] == api_dates
    assert data["update_in_review"] is True and "An update to this article is under review" in body

    # Title, summary and the reference list item by item.
    assert f"<h1>{escape(data['title'])}</h1>" in body
    assert data["summary"]["html"] in body
    # The reference list: the same entries, in order, reading the same (the API's HTML carries rel="noopener
    # noreferrer" on links where the page has its CSS classes, so the words are compared).
    page_refs = re.findall(r'<span class="ref-text">(.*?)</span>', body, re.DOTALL)
    assert [words(ref["html"]) for ref in data["references"]] == [words(ref) for ref in page_refs]
    assert data["attribution"].endswith(data["url"]) and data["url"].endswith(f"/for/{audience.slug}/")
