"""The API's typed responses. Every text field says what it is, and is exactly that:

- **plain text**: no markup; entities are decoded, so ``<`` may appear. Escape it before putting it in HTML.
- **sanitised HTML**: a fragment that went through ``articles.rendering``'s one nh3 path (the allowlist of
  the public page); insert it as HTML as it is.
- **URL**: an absolute ``http(s)`` address.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator

PLAIN = "Plain text (escape it before putting it into HTML)."
HTML = "Sanitised HTML fragment (Vetted's allowlist), safe to insert as HTML."


def plain(what: str) -> Any:
    return Field(description=f"{what}. {PLAIN}")


def html(what: str) -> Any:
    return Field(description=f"{what}. {HTML}")


RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")
NOT_RFC_3339 = "must be a date-time with its offset (RFC 3339), e.g. 2026-01-31T09:00:00Z"


def _rfc_3339(value: object) -> object:
    """What the schema's ``format: date-time`` promises, and only that: pydantic alone would also read
    "0.5" (seconds since 1970) or a date-time without an offset (whose time zone is a guess)."""
    if not isinstance(value, str) or not RFC_3339.fullmatch(value):
        raise ValueError(NOT_RFC_3339)
    return value


def _in_utc(value: datetime) -> datetime:
    """The moment in UTC: RFC 3339 allows offsets PostgreSQL refuses ("time zone displacement out of range",
    found by the contract test with -20:53), and the moment is the same in UTC."""
    try:
        return value.astimezone(UTC)
    except OverflowError as error:  # 9999-12-31T23:00:00-20:00 is past the last moment Python can hold
        raise ValueError("is out of the range of dates") from error


DateTimeParam = Annotated[datetime, BeforeValidator(_rfc_3339), AfterValidator(_in_utc)]


class ErrorDetail(Schema):
    code: str = Field(description="Stable machine-readable code, e.g. invalid_parameter, not_found, withdrawn.")
    message: str = plain("What was wrong and how to fix it")
    field: str | None = Field(description="The parameter at fault, when there is one.")


class Error(Schema):
    error: ErrorDetail


# What the key check (api.keys) may answer on every resource: no or a wrong key (401, when anonymous access
# is off), a revoked key (403), the key's rate limit reached (429, with Retry-After).
KEY_REFUSALS = {401: Error, 403: Error, 429: Error}


class Text(Schema):
    """One piece of text in both forms."""

    html: str = html("The text as HTML")
    text: str = plain("The same text without markup, one paragraph or list item a line")


class AudienceOut(Schema):
    slug: str = Field(description="Pass it as ?audience= to read the article in this audience's wording.")
    label: str = plain("The audience's name")
    wording: Literal["professional", "plain"] = Field(
        description="Which wording the audience reads (plain falls back to professional where a text has none)."
    )
    schema_audience_type: str = Field(description="schema.org MedicalAudienceType (or Student).")


class SectionOut(Schema):
    anchor: str = Field(description="The section's fragment id on the public page.")
    heading: str = plain("The section heading")
    html: str = html("The section body, citations as linked superscript numbers")
    text: str = plain("The section body, citations as ' [n]'")


class ReferenceOut(Schema):
    number: int = Field(description="The citation number used in the text ([n]), numbered in reading order.")
    key: str = Field(description="The reference's key; GET /api/v1/references/{key}/ for its citing articles.")
    type: str = Field(description="Machine type: guideline, research, review, ...")
    type_label: str = plain("The type as the page shows it")
    title: str = plain("Title of the cited work")
    year: str = plain("Year of publication, if known")
    doi: str = plain("DOI, if any (without https://doi.org/)")
    pmid: str = plain("PubMed id, if any")
    url: str = Field(description="The work's own address as recorded, if any (plain text; check the scheme).")
    doi_url: str = Field(description="https://doi.org/... when there is a DOI, else empty.")
    pubmed_url: str = Field(description="The PubMed page when there is a PMID, else empty.")
    html: str = html("The formatted (AMA) reference as the page shows it")
    text: str = plain("The formatted (AMA) reference")
    cited_at: list[str] = Field(description="Fragment ids of the places in the text that cite it.")
    evidence_level: str = plain("The source's study design as the page shows it (e.g. 'Randomised trial'), or empty")
    retracted_on: date | None = Field(
        default=None, description="Set when the board shows readers a notice that this source was retracted."
    )


class ReviewerOut(Schema):
    name: str = plain("The reviewer's name as the page shows it")
    credentials: str = plain("Post-nominal credentials, e.g. 'MD, FASN'")
    specialty: str = plain("Specialty")
    roles: list[Literal["started_review", "requested_changes", "approved", "confirmed_current"]] = Field(
        description="What this person did in the decision to publish the current revision."
    )
    profile_url: str | None = Field(description="Public board profile page (URL), if listed.")
    api_url: str | None = Field(description="GET this for the board member (URL), if listed.")


class DatesOut(Schema):
    approved_at: datetime | None = Field(description="When the board approved the revision shown.")
    last_updated: datetime | None = Field(description="When the text shown was published (schema.org dateModified).")
    last_reviewed: datetime | None = Field(description="The last full board review (schema.org lastReviewed).")
    next_review_due: date | None = Field(description="When the next full review is due.")
    literature_checked_through: date | None = Field(default=None, description="The literature was searched up to.")


class DisclaimerOut(Schema):
    title: str = plain("The disclaimer's heading")
    html: str = html("The audience's disclaimer")
    text: str = plain("The audience's disclaimer")


class ArticleOut(Schema):
    """The approved revision of an article for one audience, shaped like schema.org MedicalWebPage."""

    type: Literal["MedicalWebPage"] = "MedicalWebPage"
    slug: str
    url: str = Field(description="The canonical public page for this audience (URL).")
    api_url: str = Field(description="This resource (URL).")
    audience: AudienceOut
    audiences: list[AudienceOut] = Field(description="Every audience the article can be read for.")
    title: str = plain("The title in this audience's wording (schema.org name)")
    headline: str = plain("The line under the question (schema.org alternativeHeadline), else the title")
    also_called: list[str] = Field(description="Plain text. Other names of the subject, as the page lists them.")
    description: str = plain("Short description (<= 160 characters) for listings and metadata")
    summary: Text = Field(description="The lead summary.")
    sections: list[SectionOut]
    references: list[ReferenceOut] = Field(description="The numbered citations, in number order.")
    reviewers: list[ReviewerOut] = Field(description="The board members who reviewed the revision shown.")
    update_in_review: bool = Field(description="A newer revision is with the board; this one stays until approved.")
    grades: list[str] = Field(
        default=[], description="The grades of the text's recommendations ('GRADE 2C'), in order."
    )
    dates: DatesOut
    disclaimer: DisclaimerOut
    licence: str = plain("The terms under which the text may be reproduced")
    attribution: str = plain("The attribution to show with the text")
    json_ld: dict[str, Any] = Field(
        description="The schema.org MedicalWebPage JSON-LD object the public page embeds (its strings are plain text)."
    )


class ArticleSummaryOut(Schema):
    slug: str
    title: str = plain("The title in the requested audience's wording")
    url: str = Field(description="The public page for the audience (URL).")
    api_url: str = Field(description="The article for the audience in this API (URL).")
    last_updated: datetime | None
    last_reviewed: datetime | None
    next_review_due: date | None


class ArticleListOut(Schema):
    items: list[ArticleSummaryOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= (with the same filters) for the next page.")
    next_url: str | None = Field(description="The next page (URL), or null on the last page.")


class ChangeOut(Schema):
    kind: Literal["published", "updated", "review_confirmed", "withdrawn"]
    slug: str
    at: datetime = Field(description="When the change happened (the audit trail's time).")
    api_url: str | None = Field(description="The article in this API (URL); null for a withdrawal.")
    next_review_due: date | None = Field(description="For review_confirmed: the new due date.")
    reason_category: Literal["safety", "superseded", "error", "other"] | None = Field(
        description="For withdrawn: why, as a category (safety: the text could mislead or harm; superseded: "
        "merged into or replaced by another article; error: published in error; other). Null for other kinds, "
        "and for withdrawals recorded before categories existed. The editor's comment is private and never sent."
    )


class ChangesOut(Schema):
    items: list[ChangeOut] = Field(description="Changes in the order they happened; replay them to mirror Vetted.")
    next_cursor: str | None = Field(description="Pass as ?cursor= for the changes after these.")
    next_url: str | None


class CitingArticleOut(Schema):
    slug: str
    title: str = plain("The article's title (professional wording)")
    api_url: str


class ReferenceDetailOut(Schema):
    key: str
    type: str
    type_label: str = plain("The type as pages show it")
    title: str = plain("Title")
    authors: list[str] = plain("Authors, 'Family Given', one an item")
    container: str = plain("Journal or publisher")
    year: str = plain("Year")
    doi: str = plain("DOI")
    pmid: str = plain("PubMed id")
    url: str = plain("The work's own address as recorded")
    doi_url: str
    pubmed_url: str
    html: str = html("The formatted (AMA) reference")
    text: str = plain("The formatted (AMA) reference")
    cited_by: list[CitingArticleOut] = Field(description="Published articles citing it (as pinned at approval).")


class BoardMemberOut(Schema):
    slug: str
    name: str = plain("Name")
    credentials: str = plain("Credentials")
    specialty: str = plain("Specialty")
    bio: Text
    conflicts_of_interest: Text
    profile_url: str
    reviewed: list[CitingArticleOut] = Field(description="Published articles whose current revision they reviewed.")
