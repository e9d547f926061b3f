"""GET /api/v1/articles/{slug}/: the approved revision for an audience, exactly what the public page shows."""

import json
import re
from html import escape, unescape

import pytest

from articles.models import Audience, BoardProfile
from editorial import services
from tests.factories import make_article, publish, publish_new_title


def api(client, path, **params):
    response = client.get(path, params)
    return response.status_code, json.loads(response.content)


def page_json_ld(body: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.DOTALL)
    return json.loads(found.group(1))


@pytest.mark.parametrize("audience_slug", ["patient-or-caregiver", "student", "healthcare-professional"])
def test_article_says_what_the_public_page_says_for_each_audience(client, cited, audience_slug, staff):
    audience = Audience.objects.get(slug=audience_slug)
    body = client.get(f"/articles/calciphylaxis/for/{audience.slug}/").content.decode()
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience=audience.slug)
    assert status == 200
    assert data["audience"]["slug"] == audience.slug
    assert f"<h1>{escape(data['title'])}</h1>" in body
    assert data["headline"] == data["title"]
    assert data["summary"]["html"] in body
    assert [section["anchor"] for section in data["sections"]] == re.findall(
        r'<section class="article-section" id="([^"]+)"', body
    )
    for section in data["sections"]:
        assert section["html"] in body
        assert f">{escape(section['heading'])}</h2>" in body
    assert f'<link rel="canonical" href="{data["url"]}">' in body
    assert data["json_ld"] == page_json_ld(body)
    assert data["disclaimer"]["html"] in body and escape(data["disclaimer"]["title"]) in body
    # Attribution: the same people, in the same order, with the same credentials.
    shown = [
        unescape(re.sub(r"<[^>]+>", "", name)) for name in re.findall(r'class="reviewer">(.*?)</(?:a|span)>', body)
    ]
    assert [", ".join(filter(None, [r["name"], r["credentials"]])) for r in data["reviewers"]] == shown
    assert data["reviewers"][0]["roles"] == ["started_review", "approved"]
    # Numbered citations: the page's reference list, in order, with identifiers from the pinned snapshot.
    assert [ref["number"] for ref in data["references"]] == [
        int(n) for n in re.findall(r'<li id="ref-\d+" value="(\d+)"', body)
    ]
    assert data["dates"]["last_updated"].startswith(page_json_ld(body)["dateModified"][:19])


def test_plain_audience_reads_the_plain_wording_with_professional_fallback(client, cited):
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="patient-or-caregiver")
    assert Audience.objects.get(slug="patient-or-caregiver").register == "plain"
    assert data["title"] == "Calciphylaxis, simply"
    assert [s["heading"] for s in data["sections"]] == ["Causes & risks", "Care"]
    assert data["sections"][0]["text"] == "Calcium builds up [1]."
    assert [ref["key"] for ref in data["references"]] == ["study"]


def test_professional_audience_gets_typed_references_with_identifiers(client, cited):
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="healthcare-professional")
    refs = {ref["key"]: ref for ref in data["references"]}
    assert [ref["key"] for ref in data["references"]] == ["kdigo", "study"]
    assert refs["kdigo"]["type"] == "guideline" and refs["kdigo"]["doi"] == "10.1016/j.kint.2017"
    assert refs["kdigo"]["doi_url"] == "https://doi.org/10.1016/j.kint.2017"
    assert refs["study"]["pmid"] == "12345678"
    assert refs["study"]["pubmed_url"] == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert refs["study"]["url"] == "https://example.org/s"
    assert refs["study"]["title"] == "A cohort <study>"  # plain text: decoded, the partner escapes it
    assert "<study>" not in refs["study"]["html"] and "&lt;study&gt;" in refs["study"]["html"]
    assert data["sections"][0]["text"] == "Calcium builds up [1-2].\none\ntwo"


def test_text_fields_are_plain_text_and_html_fields_are_sanitised(client, cited):
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="healthcare-professional")
    # The editor typed an entity-encoded tag: HTML shows it as text, plain text holds the characters.
    assert "&lt;b&gt;not bold&lt;/b&gt;" in data["summary"]["html"]
    assert "<b>not bold</b>" in data["summary"]["text"]
    assert "<" not in data["sections"][1]["text"]


def test_default_audience_when_none_is_named(client, cited):
    default = Audience.objects.get(is_default=True)
    status, data = api(client, "/api/v1/articles/calciphylaxis/")
    assert status == 200 and data["audience"]["slug"] == default.slug


def test_board_profile_credentials_and_links_come_with_the_reviewer(client, cited, staff):
    BoardProfile.objects.create(user=staff.reviewer, slug="ada", display_name="Ada R", credentials="MD, FASN")
    status, data = api(client, "/api/v1/articles/calciphylaxis/")
    reviewer = data["reviewers"][0]
    assert (reviewer["name"], reviewer["credentials"]) == ("Ada R", "MD, FASN")
    assert reviewer["profile_url"] == "http://testserver/board/ada/"
    assert reviewer["api_url"] == "http://testserver/api/v1/board/ada/"


def test_update_in_review_is_flagged_but_its_text_never_served(client, cited, staff):
    draft = services.revision_start_new(actor=staff.second_editor, article=cited)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title="SECRET-NEW")
    services.revision_submit(actor=staff.second_editor, revision=draft)
    response = client.get("/api/v1/articles/calciphylaxis/")
    assert b"SECRET-NEW" not in response.content
    assert json.loads(response.content)["update_in_review"] is True


def test_a_new_approval_is_served_at_once(client, cited, staff, django_capture_on_commit_callbacks):
    api(client, "/api/v1/articles/calciphylaxis/", audience="healthcare-professional")  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title(staff, cited, "Calciphylaxis, revised")
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="healthcare-professional")
    assert data["title"] == "Calciphylaxis, revised"


def test_licence_and_attribution_come_from_settings(client, cited, settings):
    settings.VETTED_API_LICENCE = "CC BY-NC-ND 4.0"
    settings.VETTED_API_ATTRIBUTION = "Source: {title} ({url})"
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="healthcare-professional")
    assert data["licence"] == "CC BY-NC-ND 4.0"
    assert data["attribution"] == f"Source: What is calciphylaxis? ({data['url']})"


def test_unknown_slug_is_a_json_404_and_withdrawn_a_json_410(client, staff):
    status, data = api(client, "/api/v1/articles/nothing-here/")
    assert status == 404 and data["error"]["code"] == "not_found"
    revision = publish(make_article(actor=staff.author, slug="gone"), editor=staff.author, reviewer=staff.reviewer)
    services.revision_withdraw(actor=staff.chief, revision=revision, comment="Private reason: unsafe dose.")
    response = client.get("/api/v1/articles/gone/")
    assert response.status_code == 410 and response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["error"]["code"] == "withdrawn" and "unsafe" not in response.content.decode()


def test_unknown_audience_is_a_json_400_listing_the_choices(client, cited):
    status, data = api(client, "/api/v1/articles/calciphylaxis/", audience="martians")
    assert status == 400
    assert data["error"]["field"] == "audience"
    assert "patient-or-caregiver" in data["error"]["message"] and "healthcare-professional" in data["error"]["message"]
