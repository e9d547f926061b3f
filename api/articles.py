"""Articles: the approved revision for one audience, and the list partners page through to mirror them.

The detail is built from what the public page is built from (``articles.selectors.article_page``, the stored
rendering ``rendered_revision``, ``review_status``, the page's JSON-LD), so its text is the page's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router

from api import cursors, listing
from api.attribution import article_reviewers
from api.errors import BAD_CURSOR, BAD_LETTER, UNKNOWN_ARTICLE, UNKNOWN_AUDIENCE, WITHDRAWN_ARTICLE, ApiError
from api.schemas import KEY_REFUSALS, ArticleListOut, ArticleOut, DateTimeParam, Error
from articles import grades, selectors
from articles.metadata import medical_web_page
from articles.models import Article, Audience
from articles.rendering import html_to_text, render_markdown_memoised, sanitize_html
from articles.search import clean_query, matching_documents
from articles.stored_rendering import rendered_revision
from articles.views import audience_url
from editorial.models import CitedReference, TransitionRecord
from pagecache import set_last_modified
from references.formatting import doi_url, format_ama_text, pubmed_url

router = Router(tags=["articles"])
MAX_PAGE_SIZE = 100


def audience_or_error(slug: str | None, options: list[Audience]) -> Audience:
    if slug is None:
        return selectors.default_audience(options)
    audience = next((option for option in options if option.slug == slug), None)
    if audience is None:
        choices = ", ".join(option.slug for option in options)
        shown = slug if len(slug) <= 60 else slug[:60] + "…"  # the refusal names the input, not a flood of it
        raise ApiError(400, "unknown_audience", UNKNOWN_AUDIENCE.format(audience=shown, choices=choices), "audience")
    return audience


def audience_out(audience: Audience) -> dict:
    return {
        "slug": audience.slug,
        "label": audience.label,
        "wording": audience.register,
        "schema_audience_type": audience.schema_audience_type,
    }


def unavailable(slug: str) -> ApiError:
    """410 with the withdrawal's date for a withdrawn article (partners must remove it), else 404."""
    if selectors.withdrawal(slug) is not None:
        withdrawn = TransitionRecord.objects.filter(article__slug=slug, action="withdraw").order_by("-created_at")
        at = withdrawn.values_list("created_at", flat=True).first()
        return ApiError(410, "withdrawn", WITHDRAWN_ARTICLE.format(slug=slug, at=f"{at:%Y-%m-%d}"))
    return ApiError(404, "not_found", UNKNOWN_ARTICLE.format(slug=slug))


def site_url(path: str) -> str:
    """An absolute URL outside a request (webhooks, the JSONL export): the configured site address + path."""
    return settings.VETTED_SITE_URL + path


def api_article_url(absolute: Callable[[str], str], slug: str, audience: Audience) -> str:
    return absolute(reverse("api-v1:article", args=[slug])) + f"?audience={audience.slug}"


@router.get(
    "/articles/{slug}/",
    response={200: ArticleOut, 400: Error, 404: Error, 410: Error, **KEY_REFUSALS},
    url_name="article",
    summary="One article's approved text for one audience",
)
def article_detail(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., example="calciphylaxis"),
    audience: str | None = Query(None, example="patient-or-caregiver"),
):
    """The approved revision for ``audience`` (the default audience when omitted): what the public page shows.

    410 when the article was withdrawn (remove your copy), 404 when no article was ever published there."""
    # One query: the page's row brings every audience and the pinned references (on PostgreSQL each round trip
    # cost about a trivial request); the audiences are read on their own only to refuse an unknown article.
    page = selectors.article_page(slug, audience, pinned=True)
    if page is None:
        audience_or_error(audience, selectors.audiences())  # a bad audience is a 400 before a 404 or 410
        raise unavailable(slug)
    chosen = audience_or_error(audience, page.audiences)
    set_last_modified(response, page.article.published_at, page.article.last_reviewed_at)  # as the page does
    return article_data(page, chosen, request.build_absolute_uri)


def article_data(page: selectors.ArticlePage, chosen: Audience, absolute: Callable[[str], str]) -> dict:
    """The detail's data (``ArticleOut``) for one published article and audience: the one builder, used by the
    endpoint, ``manage.py export_jsonl`` and nothing else. ``absolute`` turns a path into a URL."""
    article = page.article
    rendered = rendered_revision(article.published_revision, chosen.register, article.stored_payload)
    status = selectors.review_status(article, page.attribution)
    canonical = absolute(audience_url(article, chosen))
    base_url = absolute("/").rstrip("/")
    disclaimer_html = render_markdown_memoised(chosen.disclaimer)
    return {
        "slug": article.slug,
        "url": canonical,
        "api_url": api_article_url(absolute, article.slug, chosen),
        "audience": audience_out(chosen),
        "audiences": [audience_out(option) for option in page.audiences],
        "title": rendered.title,
        "headline": rendered.headline or rendered.title,  # schema.org's headline: the line under the question
        "also_called": list(rendered.also_called),
        "description": rendered.description,
        "summary": {"html": rendered.summary_html, "text": html_to_text(rendered.summary_html)},
        "sections": [
            {"anchor": s.anchor, "heading": s.heading, "html": s.html, "text": html_to_text(s.html)}
            for s in rendered.sections
        ],
        "references": _references(article, rendered.references, page.article.retraction_notices, page.pinned),
        "reviewers": article_reviewers(absolute, page),
        "update_in_review": status.update_state is not None,
        "grades": [f"{grades.scheme_name()} {code}" for code in rendered.grades],
        "dates": {
            "approved_at": status.approved_at,
            "last_updated": status.last_updated,
            "last_reviewed": status.last_reviewed,
            "next_review_due": status.next_review_due,
            "literature_checked_through": article.published_revision.literature_checked_through,
        },
        "disclaimer": {
            "title": chosen.disclaimer_title,
            "html": disclaimer_html,
            "text": html_to_text(disclaimer_html),
        },
        "licence": settings.VETTED_API_LICENCE,
        "attribution": settings.VETTED_API_ATTRIBUTION.format(title=rendered.title, url=canonical),
        "json_ld": medical_web_page(
            rendered=rendered,
            status=status,
            audience=chosen,
            url=canonical,
            base_url=base_url,
            retraction_notices=article.retraction_notices,
        ),
    }


def _references(article: Article, references, retraction_notices=(), pinned: dict | None = None) -> list[dict]:
    """The numbered references with the identifiers pinned at approval (the rendering keeps only some);
    ``pinned`` when the page's query brought them (``article_page(..., pinned=True)``)."""
    if pinned is None:
        pinned = dict(
            CitedReference.objects.filter(revision_id=article.published_revision_id).values_list("key", "snapshot")
        )
    retracted = {notice["key"]: notice["retracted_on"] for notice in retraction_notices}  # board-approved only
    items = []
    for reference in references:
        snapshot = pinned.get(reference.key, {})
        items.append(
            {
                "number": reference.number,
                "key": reference.key,
                "type": str(snapshot.get("type") or ""),
                "type_label": reference.type_label,
                "title": reference.title,
                "year": reference.year,
                "doi": str(snapshot.get("doi") or ""),
                "pmid": str(snapshot.get("pmid") or ""),
                "url": str(snapshot.get("url") or ""),
                "doi_url": doi_url(snapshot) if snapshot else "",
                "pubmed_url": pubmed_url(snapshot) if snapshot else "",
                "html": sanitize_html(reference.html),
                "text": format_ama_text(snapshot) if snapshot else html_to_text(reference.html),
                "cited_at": list(reference.backlink_ids),
                "evidence_level": reference.evidence,
                "retracted_on": retracted.get(reference.key),
            }
        )
    return items


@router.get(
    "/articles/",
    response={200: ArticleListOut, 400: Error, **KEY_REFUSALS},
    url_name="articles",
    summary="Published articles, a page at a time",
)
def article_list(
    request: HttpRequest,
    audience: str | None = Query(None, example="healthcare-professional"),
    modified_since: DateTimeParam | None = None,
    reviewed_since: DateTimeParam | None = None,
    letter: str | None = Query(None, pattern="^[A-Za-z0-9]$", example="c"),
    q: str | None = Query(None, max_length=1000, example="calciphylaxis"),
    ordering: Literal["modified", "-modified", "reviewed", "-reviewed"] = "-modified",
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    cursor: str | None = None,
):
    """Published articles only, filtered and ordered by the date last modified or last reviewed.

    ``modified_since`` / ``reviewed_since``: RFC 3339 date-times with their offset, inclusive.
    ``letter``: the first character of the address (the A to Z index). ``q``: the site search's words.
    Follow ``next_url`` (or pass ``next_cursor`` as ``cursor`` with the same filters) for the next page."""
    narrow = _narrowing(letter, q)
    values = {"modified_since": modified_since, "reviewed_since": reviewed_since}
    if cursor is not None:
        at, pk = cursors.decode(f"articles:{ordering}", cursor, 2)
        values["at"] = cursors.moment(at)
        if not isinstance(pk, int):
            raise ApiError(400, "invalid_cursor", BAD_CURSOR, "cursor")
        values["pk"] = pk
    values = {name: value for name, value in values.items() if value is not None}
    # One query: the rows come with the audience asked for; the audiences are read on their own only for an
    # empty page or an unknown audience (a 400 naming the choices).
    rows = listing.page_rows(ordering, page_size + 1, narrow, audience=audience, **values)
    chosen = listing.chosen_audience(rows) or audience_or_error(audience, selectors.audiences())
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = cursors.encode(f"articles:{ordering}", *listing.position(rows[-1], ordering)) if more else None
    return listing.list_body(rows, chosen, request.build_absolute_uri, next_cursor, _next_url(request, next_cursor))


def _narrowing(letter: str | None, q: str | None):
    """The letter and search filters as one function of a queryset, or None when neither is given."""
    if letter is not None and (len(letter) != 1 or not letter.isascii() or not letter.isalnum()):
        raise ApiError(400, "invalid_parameter", BAD_LETTER, "letter")
    query = clean_query(q or "")
    if letter is None and not query:
        return None

    def narrow(articles: QuerySet[Article]) -> QuerySet[Article]:
        if letter is not None:
            articles = articles.filter(slug__startswith=letter.lower())
        if query:
            articles = articles.filter(pk__in=matching_documents(query).values("article_id"))
        return articles

    return narrow


def _next_url(request: HttpRequest, next_cursor: str | None) -> str | None:
    if next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()
