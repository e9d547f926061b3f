import json
import re
import xml.etree.ElementTree as ET

from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld_of(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_json_ld_is_a_medical_web_page_with_review_metadata(client, demo):
    html = client.get(reverse("articles:for_audience", args=["calciphylaxis", "patient-or-caregiver"])).content.decode()
    data = json_ld_of(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "What is calciphylaxis?"
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["lastReviewed"])
    assert data["dateModified"].startswith(data["lastReviewed"][:4])
    # Who did what, as schema.org Roles wrapping each Person: Maya Okafor started the review and approved it.
    assert {role["@type"] for role in data["reviewedBy"]} == {"Role"}
    assert [(role["roleName"], role["reviewedBy"]["name"]) for role in data["reviewedBy"]] == [
        ("started the review", "Maya Okafor"),
        ("approved", "Maya Okafor"),
    ]
    approval = data["reviewedBy"][1]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", approval["startDate"])
    assert approval["reviewedBy"] == {
        "@type": "Person",
        "name": "Maya Okafor",
        "honorificSuffix": "MD, FASN",
        "knowsAbout": "Nephrology",
        "url": "http://testserver/board/maya-okafor/",
    }
    assert data["citation"] and all(c["@type"] == "CreativeWork" for c in data["citation"])
    assert data["url"] == "http://testserver/articles/calciphylaxis/for/patient-or-caregiver/"


def test_json_ld_audience_follows_the_chosen_audience(client, demo):
    html = client.get(reverse("articles:for_audience", args=["calciphylaxis", "healthcare-professional"])).content
    assert json_ld_of(html.decode())["audience"]["audienceType"] == "Clinician"


def test_json_ld_cannot_break_out_of_its_script_element():
    from articles.metadata import json_ld

    assert "</script>" not in json_ld({"name": "</script><script>alert(1)</script>"})


def test_sitemap_parses_and_lists_each_audience_page_with_lastmod(client, demo):
    response = client.get(reverse("articles:sitemap"))
    root = ET.fromstring(response.content)
    entries = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")}
    page = "http://testserver/articles/calciphylaxis/for/patient-or-caregiver/"
    assert page in entries and entries[page] is not None
    assert not any("calcinosis-cutis" in loc or "ckd-mbd" in loc for loc in entries)


def test_feed_parses_as_atom_with_published_articles_only(client, demo):
    response = client.get(reverse("articles:feed"))
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert "What is calciphylaxis?" in titles
    assert "What is calcinosis cutis?" not in titles
    assert all(entry.find(f"{ATOM}updated") is not None for entry in root.findall(f"{ATOM}entry"))


def test_robots_txt_points_at_the_sitemap_and_keeps_out_private_pages(client, demo):
    text = client.get(reverse("articles:robots_txt")).content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /preview/" in text and "Disallow: /admin/" in text


def test_json_ld_names_students_as_an_educational_audience(client, demo):
    html = client.get(reverse("articles:for_audience", args=["calciphylaxis", "student"])).content.decode()
    assert json_ld_of(html)["audience"] == {"@type": "EducationalAudience", "educationalRole": "student"}
