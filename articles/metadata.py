"""Machine-readable metadata for an article page: schema.org JSON-LD."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import grades
from articles.attribution import Credit, Reviewer
from articles.rendering import RenderedArticle
from articles.selectors import ReviewStatus

# The same escapes as django.utils.html.json_script: the JSON cannot close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def schema_audience(audience_type: str) -> dict:
    if audience_type == "Student":
        return {"@type": "EducationalAudience", "educationalRole": "student"}
    return {"@type": "MedicalAudience", "audienceType": audience_type}


def person(reviewer: Reviewer, base_url: str) -> dict:
    return {
        "@type": "Person",
        "name": reviewer.name,
        **({"honorificSuffix": reviewer.credentials} if reviewer.credentials else {}),
        **({"knowsAbout": reviewer.specialty} if reviewer.specialty else {}),
        **({"url": base_url + reviewer.url} if reviewer.url else {}),
    }


def review_role(credit: Credit, base_url: str) -> dict:
    """One credit as a schema.org ``Role`` wrapping the ``Person`` (schema.org's way to say in which role,
    and since when, someone stands in a relation): "approved", "started the review", and so on, on the
    day the page shows for it."""
    return {
        "@type": "Role",
        "roleName": credit.role,
        "startDate": timezone.localtime(credit.at).date().isoformat(),
        "reviewedBy": person(credit.reviewer, base_url),
    }


def medical_web_page(
    *, rendered: RenderedArticle, status: ReviewStatus, audience, url: str, base_url: str, retraction_notices=()
) -> dict:
    reviewers = [review_role(credit, base_url) for credit in status.attribution.credits]
    retracted = {notice["key"]: notice["retracted_on"] for notice in retraction_notices}
    citations = []
    for reference in rendered.references:
        citation = {"@type": "CreativeWork", "name": reference.title}
        if reference.doi:
            citation["sameAs"] = f"https://doi.org/{reference.doi}"
        if reference.year:
            citation["datePublished"] = reference.year
        if reference.evidence:
            citation["genre"] = reference.evidence  # the study design: the source's evidence level
        if reference.key in retracted:  # only a notice the board approved (issue 17)
            on = retracted[reference.key]
            citation["creativeWorkStatus"] = "Retracted" + (f" on {on.isoformat()}" if on else "")
        citations.append(citation)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": rendered.title,
        "headline": rendered.title,
        "description": rendered.description,
        "url": url,
        "inLanguage": "en",
        "audience": schema_audience(audience.schema_audience_type),
        "reviewedBy": reviewers,
        "citation": citations,
        "publisher": {"@type": "Organization", "name": "Vetted"},
    }
    if rendered.grades:  # graded recommendations in the approved text, as schema.org's recommendation
        scheme = grades.scheme_name()
        data["mentions"] = [
            {"@type": "MedicalGuidelineRecommendation", "recommendationStrength": f"{scheme} {code}"}
            for code in rendered.grades
        ]
    if rendered.headline:
        data["alternativeHeadline"] = rendered.headline
    if rendered.also_called:
        data["keywords"] = ", ".join(rendered.also_called)  # the other names readers search for
    if status.last_reviewed:
        data["lastReviewed"] = status.last_reviewed.date().isoformat()
    if status.last_updated:
        data["dateModified"] = status.last_updated.isoformat()
    return data


def json_ld(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - escaped as json_script does
