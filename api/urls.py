"""``/api/v1/``: the NinjaAPI, its routers, the OpenAPI schema and the offline docs page."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, path, re_path, resolve
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from api import articles, changes, errors, library
from api.keys import keyed
from pagecache import public_page

DESCRIPTION = """Approved content of Vetted, a medical reference reviewed by a Medical Advisory Board.

Only approved text is ever served. Each text field says whether it is **plain text** (escape it before
putting it into HTML) or **sanitised HTML** (insert it as it is). Errors are JSON:
`{"error": {"code", "message", "field"}}` with status 400 (bad input), 404 (no such thing) or 410 (withdrawn:
remove your copy). Mirror Vetted with `/api/v1/changes/`.

Partners send their key in the `X-API-Key` header; without one, requests are answered only while
anonymous access is on. A missing or wrong key is 401, a revoked one 403, and a key over its rate limit
429 with `Retry-After`."""

api = NinjaAPI(
    title="Vetted syndication API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # validatorUrl None: Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", articles.router)
api.add_router("", changes.router)
api.add_router("", library.router)
api.add_exception_handler(ValidationError, lambda request, exc: errors.validation_error(api, request, exc))
api.add_exception_handler(errors.ApiError, lambda request, exc: errors.api_error(api, request, exc))

# HTTP caching like the public pages (pagecache.public_page): anonymous 200s are stored per full address, get
# ETag, Last-Modified and Cache-Control public, and answer conditional requests with 304; the workflow's
# invalidation (articles.invalidation) retires them with the pages. The article retires with its own pages,
# the rest with the listings (any article's change). Errors are never stored.
ARTICLE_RESOURCES = {"article"}
LISTING_RESOURCES = {"articles", "changes", "reference", "board_member"}


def head_as_get(view):
    """HEAD answers what GET would, without the body (django-ninja routes GET only, and would answer 405).

    The body is dropped here rather than left to the server, and Content-Length stays the GET's."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        response = view(request, *args, **kwargs)
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
        return response

    return wrapper


def _cached(pattern: URLPattern) -> URLPattern:
    """Each resource behind the key check (``api.keys.keyed``), then the page cache; HEAD as GET."""
    if pattern.name in ARTICLE_RESOURCES:
        view = public_page(pattern.callback, article_slug_kwarg="slug")
    elif pattern.name in LISTING_RESOURCES:
        view = public_page(pattern.callback)
    else:
        return pattern  # the schema and the docs page: public whatever the key setting
    return path(str(pattern.pattern), head_as_get(keyed(view)), name=pattern.name)


def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404 for a program, not the site's HTML page. An address that
    only lacks its final slash is redirected to it, as Django's APPEND_SLASH does elsewhere (this catch-all
    would otherwise stop it)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse(errors.error_body("not_found", errors.NOT_FOUND), status=404)


urlpatterns = [
    *(_cached(pattern) for pattern in api.urls[0]),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),  # last: only what nothing above answers
]
