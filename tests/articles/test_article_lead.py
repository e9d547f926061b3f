"""The public page under the question: the headline and the other names, and what editors write in the
text (the demo's dose table and nested list), in each register (issue 14, point 12)."""

import json
import re

from django.urls import reverse

PROFESSIONAL_HEADLINE = "A rare and life-threatening calcification of small blood vessels in the skin and fat"
PLAIN_HEADLINE = "A rare, serious illness that causes painful sores on the skin"


def page_for(client, audience: str) -> str:
    response = client.get(reverse("articles:for_audience", args=["calciphylaxis", audience]))
    assert response.status_code == 200
    return response.content.decode()


def json_ld_of(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def header_of(html: str) -> str:
    return html[html.index('<header class="article-header">') : html.index("</header>", html.index("article-header"))]


def test_the_clinicians_page_shows_the_headline_and_other_names_under_the_title(client, demo):
    html = page_for(client, "healthcare-professional")
    header = header_of(html)
    assert header.index("<h1>What is calciphylaxis?</h1>") < header.index(
        f'<p class="headline">{PROFESSIONAL_HEADLINE}'
    )
    assert "Also called:</span> calcific uraemic arteriolopathy; CUA</p>" in header
    data = json_ld_of(html)
    assert data["headline"] == "What is calciphylaxis?"
    assert data["alternativeHeadline"] == PROFESSIONAL_HEADLINE
    assert data["keywords"] == "calcific uraemic arteriolopathy, CUA"


def test_the_patients_page_shows_the_plain_headline(client, demo):
    html = page_for(client, "patient-or-caregiver")
    assert f'<p class="headline">{PLAIN_HEADLINE}</p>' in header_of(html)
    assert PROFESSIONAL_HEADLINE not in html
    assert json_ld_of(html)["alternativeHeadline"] == PLAIN_HEADLINE


def test_the_clinicians_page_has_the_dose_table_and_the_nested_list(client, demo):
    html = page_for(client, "healthcare-professional")
    treatment = html[html.index('id="section-treatment"') : html.index('id="section-prognosis"')]
    assert '<div class="table-scroll" tabindex="0"><table>' in treatment
    assert "<th>Dose</th>" in treatment and "<td>25 g</td>" in treatment
    assert "<td>Three times weekly</td>" in treatment
    assert "after the dialysis session" in treatment
    nested = treatment[treatment.index("Multidisciplinary care") : treatment.index("</ul>")]
    assert nested.count("<ul>") == 1 and nested.count("<li>") == 3  # three items nested under the first
    assert "[@" not in treatment and "|" not in treatment  # citations numbered, no table source left


def test_the_patients_page_says_it_in_a_sentence_without_the_table(client, demo):
    html = page_for(client, "patient-or-caregiver")
    start = html.index('id="section-treatment"')
    treatment = html[start : html.index("</section>", start)]
    assert "usually three times a week after dialysis" in treatment
    assert "<table>" not in treatment
