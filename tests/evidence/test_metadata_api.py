"""JSON-LD and the API carry evidence levels, grades and board-approved retraction notices (issue 17, point 5)."""

import json
import re

from tests.articles.conftest import load_demo


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_and_the_api_expose_evidence_grades_and_the_retraction(client, db):
    load_demo()
    html = client.get("/articles/calciphylaxis/for/healthcare-professional/").content.decode()
    data = json_ld(html)
    trial = next(c for c in data["citation"] if "fictional record" in c["name"])
    assert trial["genre"] == "Randomised trial" and trial["creativeWorkStatus"] == "Retracted on 2026-10-01"
    assert {"@type": "MedicalGuidelineRecommendation", "recommendationStrength": "GRADE 1C"} in data["mentions"]

    body = json.loads(client.get("/api/v1/articles/calciphylaxis/", {"audience": "healthcare-professional"}).content)
    assert body["grades"] == ["GRADE 1C", "GRADE 2C", "GRADE 2C"]
    assert body["dates"]["literature_checked_through"] == "2026-09-30"
    by_key = {reference["key"]: reference for reference in body["references"]}
    assert by_key["demotrial2019"]["evidence_level"] == "Randomised trial"
    assert by_key["demotrial2019"]["retracted_on"] == "2026-10-01"
    assert by_key["kdigo2017"]["evidence_level"] == "Guideline" and by_key["kdigo2017"]["retracted_on"] is None
    assert body["json_ld"]["mentions"] == data["mentions"]
