"""The reader's site: thin views over selectors and ``render_revision``.

Caching contract: an article page for one audience depends only on its address
(``/articles/<slug>/for/<audience>/``), so a shared cache may keep it. Responses that depend on the
reader (the audience cookie, staff, a CSRF token) say ``Cache-Control: private`` or ``Vary: Cookie``.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe

from articles import board_notes, selectors
from articles.forms import ReaderReportForm
from articles.metadata import json_ld, medical_web_page
from articles.models import Article, Audience, BoardProfile, SitePage
from articles.rendering import RenderedArticle, render_revision
from articles.search import clean_query, search_published
from articles.search_html import results_html
from articles.stored_rendering import rendered_revision
from core.policy import allowed
from pagecache import public_page, set_last_modified

AUDIENCE_COOKIE = "vetted_audience"
AUDIENCE_COOKIE_AGE = 365 * 24 * 60 * 60
AZ_PER_PAGE = 100
REPORTS_PER_HOUR = getattr(settings, "VETTED_READER_REPORTS_PER_HOUR", 5)
THROTTLE_MESSAGE = (
    "You have sent {limit} reports in the last hour, which is our limit. Please try again in an hour, "
    "or write to the editors by email."
)


def private(response: HttpResponse) -> HttpResponse:
    """Never stored by a shared cache, nor kept by the browser (staff pages, cookie redirects, forms)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


# ---------------------------------------------------------------------------------------------
# Article pages


def _unavailable(request, slug: str, audience_slug: str | None = None) -> HttpResponse:
    """410 for an article that was withdrawn, 404 for any other unpublished or unknown address.

    The 410 page names the article in the wording of the audience asked for (the default one otherwise),
    as its page did, says when it was withdrawn and by whom (the editor-in-chief, as the editorial policy
    says), and points to the A to Z and search. Not the withdrawal's reason: that is a note for the audit
    trail, written for colleagues and not reviewed for readers.
    """
    withdrawal = selectors.withdrawal(slug)
    if withdrawal is None:
        return render(request, "404.html", status=404)
    options = selectors.audiences()
    audience = next((option for option in options if option.slug == audience_slug), None)
    register = (audience or selectors.default_audience(options)).register
    context = {
        "slug": slug,
        "title": withdrawal.title_for(register),
        "withdrawn_at": withdrawal.withdrawn_at,
        "topic": slug.replace("-", " "),
    }
    return render(request, "articles/gone.html", context, status=410)


def audience_url(article: Article, audience: Audience) -> str:
    return reverse("articles:for_audience", args=[article.slug, audience.slug])


def article_page_context(request, page: selectors.ArticlePage, rendered: RenderedArticle) -> dict:
    """Everything the article template shows besides the rendered text (status, chooser, metadata)."""
    article, audience = page.article, page.audience
    status = selectors.review_status(article, page.attribution)
    canonical = request.build_absolute_uri(audience_url(article, audience))
    base_url = request.build_absolute_uri("/").rstrip("/")
    metadata = medical_web_page(
        rendered=rendered,
        status=status,
        audience=audience,
        url=canonical,
        base_url=base_url,
        retraction_notices=getattr(article, "retraction_notices", ()),
    )
    return {
        "article": article,
        "audience": audience,
        "audiences": page.audiences,
        "rendered": rendered,
        "status": status,
        "canonical_url": canonical,
        "json_ld": json_ld(metadata),
        "disclosed_reviewers": board_notes.disclosures_of(page.attribution),
    }


def article_response(request, page: selectors.ArticlePage) -> HttpResponse:
    """The published revision for ``page.audience``, rendered once (``rendered_revision``), in its page.

    ``page`` comes from ``selectors.article_page``, which read the stored rendering (``stored_payload``,
    None if there is none yet) with the article, the audiences and the reviewers, in one query."""
    article = page.article
    rendered = rendered_revision(article.published_revision, page.audience.register, article.stored_payload)
    response = render(request, "articles/article_detail.html", article_page_context(request, page, rendered))
    return set_last_modified(response, article.published_at, article.last_reviewed_at)


@require_safe
@public_page(article_slug_kwarg="slug")
def article_for_audience(request, slug: str, audience_slug: str):
    """The canonical, cacheable page of one article for one audience."""
    page = selectors.article_page(slug, audience_slug)
    if page is None:
        return _unavailable(request, slug, audience_slug)
    if page.audience is None:
        raise Http404("No such audience.")
    return article_response(request, page)


@require_safe
@public_page(article_slug_kwarg="slug", vary_on_cookie=AUDIENCE_COOKIE)  # stored, so served while the database blinks
def article_detail(request, slug: str):
    """The remembered audience's page (302, private), or the default audience's page (Vary: Cookie)."""
    page = selectors.article_page(slug)
    if page is None:
        return _unavailable(request, slug)
    remembered = request.COOKIES.get(AUDIENCE_COOKIE)
    chosen = next((option for option in page.audiences if option.slug == remembered), None) if remembered else None
    if chosen is not None:
        return private(HttpResponseRedirect(audience_url(page.article, chosen)))
    response = article_response(request, page)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def choose_audience(request, slug: str, audience_slug: str):
    """Remember the reader's choice in a cookie and go to that audience's page (works without JavaScript)."""
    audience = get_object_or_404(Audience, slug=audience_slug)
    article = get_object_or_404(Article, slug=slug)
    response = HttpResponseRedirect(audience_url(article, audience))
    response.set_cookie(
        AUDIENCE_COOKIE,
        audience.slug,
        max_age=AUDIENCE_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return private(response)


# What editorial adds to the staff preview (its quality findings, issue 17), filled in by
# ``EditorialConfig.ready()``: articles may not import editorial. Each takes the revision, returns context.
PREVIEW_EXTRAS: list = []


@staff_member_required
@require_safe
def preview_revision(request, pk: int):
    """Any revision, for whom the policy lets view it, in any audience's wording, with a banner naming its state."""
    revision = selectors.revision_for_preview(pk)
    if revision is None:
        return private(render(request, "404.html", status=404))
    # Being staff is not a right: a staff account with no role (a former editor) may view no revision.
    if not allowed(request.user, "view", revision):
        raise PermissionDenied
    all_audiences = selectors.audiences()
    chosen = request.GET.get("audience")
    audience = next((a for a in all_audiences if a.slug == chosen), None) or selectors.default_audience()
    rendered = render_revision(revision, audience.register)
    context = {
        "revision": revision,
        "article": revision.article,
        "audience": audience,
        "audiences": all_audiences,
        "rendered": rendered,
        "is_public": revision.article.published_revision_id == revision.pk,
    }
    for extra in PREVIEW_EXTRAS:
        context.update(extra(revision))
    return private(render(request, "articles/preview.html", context))


# ---------------------------------------------------------------------------------------------
# Reader reports


def client_hash(request) -> str:
    """A keyed hash of the client's address: enough to throttle, not enough to identify anyone."""
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _throttle_key(digest: str) -> str:
    return f"vetted:reader-reports:{digest}"


def _over_limit(digest: str, limit: int | None = None) -> bool:
    return cache.get(_throttle_key(digest), 0) >= (REPORTS_PER_HOUR if limit is None else limit)


def _count_report(digest: str) -> None:
    key = _throttle_key(digest)
    if not cache.add(key, 1, timeout=60 * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=60 * 60)


@require_http_methods(["GET", "POST"])
def report(request, slug: str):
    """The report form: its own page, so the cacheable article page carries no per-reader CSRF token."""
    article = selectors.article_for_reading(slug)
    if article is None:
        return _unavailable(request, slug, request.GET.get("audience"))
    audience_slug = (request.POST if request.method == "POST" else request.GET).get("audience", "")
    audience = Audience.objects.filter(slug=audience_slug).first()
    context = {"article": article, "audience": audience, "limit": REPORTS_PER_HOUR}
    if request.method == "GET":
        context["form"] = ReaderReportForm()
        return private(render(request, "articles/report.html", context))

    digest = client_hash(request)
    if _over_limit(digest):
        context["message"] = THROTTLE_MESSAGE.format(limit=REPORTS_PER_HOUR)
        return private(render(request, "articles/report_throttled.html", context, status=429))
    form = ReaderReportForm(request.POST)
    if form.is_trap_filled:
        _count_report(digest)  # a bot: answer as if it worked, store nothing
        return private(render(request, "articles/report_sent.html", context))
    if not form.is_valid():
        context["form"] = form
        return private(render(request, "articles/report.html", context, status=400))
    reader_report = form.save(commit=False)
    reader_report.article = article
    reader_report.audience_slug = audience.slug if audience else ""
    reader_report.client_hash = digest
    reader_report._change_reason = "Sent by a reader"
    reader_report.save()
    _count_report(digest)
    return private(render(request, "articles/report_sent.html", context))


# ---------------------------------------------------------------------------------------------
# The rest of the site


@require_safe
@public_page
def home(request):
    recent = selectors.recently_updated()
    context = {
        "recent": recent,
        "letters": selectors.a_to_z_letters(),
        "canonical_url": request.build_absolute_uri("/"),
    }
    response = render(request, "articles/home.html", context)
    return set_last_modified(response, *(moment for a in recent for moment in (a.published_at, a.last_reviewed_at)))


@require_safe
@public_page
def a_to_z(request):
    return render(request, "articles/az.html", {"letters": selectors.a_to_z_letters()})


def _page_or_404(paginator: Paginator, raw: str):
    """The requested page; a page number that is not a whole number in range is a 404, not page 1.

    Each page is cached under its own address, so clamping would store the same page under many.
    """
    try:
        return paginator.page(raw or 1)
    except (InvalidPage, ValueError):
        raise Http404("No such page.") from None


@require_safe
@public_page
def a_to_z_letter(request, letter: str):
    """One letter's published articles, AZ_PER_PAGE to a page, by address."""
    if len(letter) != 1 or not letter.isalnum():
        raise Http404("No such letter.")
    letters = selectors.a_to_z_letters()
    paginator = Paginator(selectors.articles_for_letter(letter), AZ_PER_PAGE)
    # The letter's count is kept by the services (LetterCount, checked by check_integrity): counting the
    # letter's articles again cost 14 ms at 100,000 on PostgreSQL, the page's slowest query.
    paginator.count = dict(letters).get(letter.upper(), 0)
    page = _page_or_404(paginator, request.GET.get("page", ""))
    canonical = request.build_absolute_uri(request.path) + (f"?page={page.number}" if page.number > 1 else "")
    context = {
        "letter": letter.upper(),
        "page": page,
        "letters": letters,
        "canonical_url": canonical,
    }
    return render(request, "articles/az_letter.html", context)


@require_safe
@public_page(vary_on_cookie=AUDIENCE_COOKIE)  # the default audience's results are stored again (docs/speed.md)
def search(request):
    """Results with snippets in the reader's wording: the audience named by ``for`` (the site's search box
    sends the audience of the article it is on), else the one remembered in the reader's cookie (a private
    redirect to the address with ``for``, which a cache may keep), else the default audience."""
    query = clean_query(request.GET.get("q", ""))
    if not query:
        return render(request, "articles/search.html", {"query": query, "page": None})
    options = selectors.audiences()
    chosen = next((option for option in options if option.slug == request.GET.get("for")), None)
    if chosen is None:
        remembered = request.COOKIES.get(AUDIENCE_COOKIE)
        if any(option.slug == remembered for option in options):
            address = {
                "q": query,
                "for": remembered,
                **({"page": request.GET["page"]} if "page" in request.GET else {}),
            }
            return private(HttpResponseRedirect(f"{request.path}?{urlencode(address)}"))
    audience = chosen or selectors.default_audience(options)
    results = search_published(query, register=audience.register, audience_slug=chosen.slug if chosen else "")
    page = _page_or_404(results, request.GET.get("page", ""))
    other_audiences = [option for option in options if option.pk != audience.pk]
    context = {
        "query": query,
        "page": page,
        "reader_audience": audience,
        "other_audiences": other_audiences,
        "chosen": chosen,
        "results_html": results_html(query, page, audience, other_audiences, chosen),  # articles/search_html.py
    }
    response = render(request, "articles/search.html", context)
    if chosen is None:
        patch_vary_headers(response, ["Cookie"])  # with a remembered audience, this address redirects
    return response


@require_safe
@public_page
def editorial_policy(request):
    page = get_object_or_404(SitePage, slug="editorial-policy")
    return render(request, "articles/site_page.html", {"page": page})


@require_safe
@public_page
def whats_new(request):
    """Practice-changing updates the board approved, newest first, each with its what-changed note."""
    return render(request, "articles/whats_new.html", {"updates": board_notes.whats_new()})


@require_safe
@public_page
def board(request):
    return render(request, "articles/board.html", {"members": selectors.board_members()})


@require_safe
@public_page
def board_member(request, slug: str):
    profile = get_object_or_404(BoardProfile, slug=slug, listed=True)
    context = {"profile": profile, "reviewed": selectors.articles_reviewed_by(profile)}
    return render(request, "articles/board_member.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "Disallow: /articles/*/choose/",
        "Disallow: /articles/*/report/",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
