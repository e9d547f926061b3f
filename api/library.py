"""References and board members: only what the public site already shows.

A reference is served only when a published article cites it, as pinned when that article was approved
(the library itself holds works no reader has seen); a board member only when their profile is listed.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import reverse
from ninja import Path, Router

from api.errors import UNKNOWN_BOARD_MEMBER, UNKNOWN_REFERENCE, ApiError
from api.schemas import KEY_REFUSALS, BoardMemberOut, Error, ReferenceDetailOut
from articles import selectors
from articles.models import BoardProfile
from articles.rendering import html_to_text, render_markdown_memoised, sanitize_html
from editorial.models import CitedReference
from references.formatting import doi_url, format_ama, format_ama_text, pubmed_url, type_label

router = Router(tags=["references and board"])


def _citing(request: HttpRequest, article) -> dict:
    return {
        "slug": article.slug,
        "title": article.published_revision.title,
        "api_url": request.build_absolute_uri(reverse("api-v1:article", args=[article.slug])),
    }


@router.get(
    "/references/{key}/",
    response={200: ReferenceDetailOut, 404: Error, **KEY_REFUSALS},
    url_name="reference",
    summary="A reference cited by published articles",
)
def reference_detail(request: HttpRequest, key: str = Path(..., example="kdigo2017")):
    """The reference as pinned by the most recently approved published article citing it, and its citers."""
    pins = CitedReference.objects.filter(key=key, revision__published_for__isnull=False).select_related(
        "revision__published_for__published_revision"
    )
    pins = list(pins.order_by("-revision__decided_at", "-pk"))
    if not pins:
        raise ApiError(404, "not_found", UNKNOWN_REFERENCE.format(key=key))
    snapshot = pins[0].snapshot
    citing = sorted({pin.revision.published_for for pin in pins}, key=lambda article: article.slug)
    return {
        "key": key,
        "type": str(snapshot.get("type") or ""),
        "type_label": type_label(snapshot),
        "title": str(snapshot.get("title") or ""),
        "authors": [line.strip() for line in str(snapshot.get("authors") or "").splitlines() if line.strip()],
        "container": str(snapshot.get("container") or ""),
        "year": str(snapshot.get("year") or ""),
        "doi": str(snapshot.get("doi") or ""),
        "pmid": str(snapshot.get("pmid") or ""),
        "url": str(snapshot.get("url") or ""),
        "doi_url": doi_url(snapshot),
        "pubmed_url": pubmed_url(snapshot),
        "html": sanitize_html(str(format_ama(snapshot))),
        "text": format_ama_text(snapshot),
        "cited_by": [_citing(request, article) for article in citing],
    }


def _text(markdown_text: str) -> dict:
    html = render_markdown_memoised(markdown_text)
    return {"html": html, "text": html_to_text(html)}


@router.get(
    "/board/{slug}/",
    response={200: BoardMemberOut, 404: Error, **KEY_REFUSALS},
    url_name="board_member",
    summary="A member of the Medical Advisory Board",
)
def board_member(request: HttpRequest, slug: str = Path(..., example="maya-okafor")):
    """A listed board member's public profile and the published articles whose current revision they reviewed."""
    profile = BoardProfile.objects.filter(slug=slug, listed=True).first()
    if profile is None:
        raise ApiError(404, "not_found", UNKNOWN_BOARD_MEMBER.format(slug=slug))
    return {
        "slug": profile.slug,
        "name": profile.display_name,
        "credentials": profile.credentials,
        "specialty": profile.specialty,
        "bio": _text(profile.bio),
        "conflicts_of_interest": _text(profile.conflicts_of_interest or "None declared."),
        "profile_url": request.build_absolute_uri(profile.get_absolute_url()),
        "reviewed": [_citing(request, reviewed.article) for reviewed in selectors.articles_reviewed_by(profile)],
    }
