"""Every refusal of the API, as a JSON body ``{"error": {"code", "message", "field"}}`` with a status code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

UNKNOWN_ARTICLE = "No published article has the address {slug!r}."
WITHDRAWN_ARTICLE = "The article {slug!r} was withdrawn from Vetted on {at}; remove any copy of it."
UNKNOWN_AUDIENCE = "No audience is called {audience!r}; use one of: {choices}."
BAD_CURSOR = "This cursor was not issued by this endpoint or has been altered; start again without one."
BAD_LETTER = "letter must be one letter or digit, e.g. 'a'."
UNKNOWN_REFERENCE = "No published article cites a reference with the key {key!r}."
UNKNOWN_BOARD_MEMBER = "No listed board member has the address {slug!r}."
INVALID_PARAMETER = "{field}: {message}"
NOT_FOUND = "There is no such address in the API; see /api/v1/docs."
KEY_REQUIRED = "This API needs a partner key: send it in the X-API-Key header (ask Vetted's editor-in-chief)."
KEY_INVALID = "This partner key is not one Vetted issued; check it was copied whole."
KEY_REVOKED = "This partner key was revoked on {at}; ask Vetted's editor-in-chief for a new one."
RATE_LIMITED = "This key may make {limit} requests a minute; wait {seconds} seconds and try again."
MAY_NOT_MANAGE_KEYS = "Only the editor-in-chief issues, changes and revokes partner keys."
ALREADY_REVOKED = "This partner key is already revoked."


class ApiError(Exception):
    """A refusal with its status code, a stable machine-readable code and the user-facing words."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


def validation_error(api, request: HttpRequest, exc) -> HttpResponse:
    """django-ninja answers 422 with pydantic's internals; partners get a 400 naming the parameter."""
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
    field = ".".join(location) or None
    reason = str(first.get("msg", "is not valid")).removeprefix("Value error, ")  # pydantic's prefix, not ours
    message = INVALID_PARAMETER.format(field=field or "request", message=reason)
    return api.create_response(request, error_body("invalid_parameter", message, field), status=400)


def api_error(api, request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)
