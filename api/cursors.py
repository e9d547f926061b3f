"""Opaque pagination cursors: the position after the last item sent, signed so a partner cannot forge one.

A cursor is URL-safe base64 of a JSON list, signed with ``SECRET_KEY`` (``django.core.signing``) and
salted per endpoint: a cursor from the list endpoint is refused by the change feed, and a truncated or
edited one is a 400, never a 500 nor a silently different page.
"""

from __future__ import annotations

from datetime import datetime

from django.core import signing

from api.errors import BAD_CURSOR, ApiError


def encode(salt: str, *values) -> str:
    # Signed without a timestamp (``signing.dumps`` adds one): the same position is the same cursor, so an
    # unchanged page has the same body and ETag after the page cache is retired, and still answers 304.
    items = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    return signing.Signer(salt=salt).sign_object(items)


def decode(salt: str, cursor: str, length: int) -> list:
    """The values of a cursor made by ``encode(salt, ...)`` with ``length`` values; an ApiError otherwise."""
    try:
        values = signing.Signer(salt=salt).unsign_object(cursor)
    except (signing.BadSignature, ValueError, UnicodeError):
        try:  # a cursor issued before they were deterministic (``signing.dumps``) still works
            values = signing.loads(cursor, salt=salt)
        except (signing.BadSignature, ValueError, UnicodeError):
            raise ApiError(400, "invalid_cursor", BAD_CURSOR, "cursor") from None
    if not isinstance(values, list) or len(values) != length:
        raise ApiError(400, "invalid_cursor", BAD_CURSOR, "cursor")
    return values


def moment(value) -> datetime:
    """A datetime stored in a cursor (validated: a cursor is signed, but its format could be old)."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ApiError(400, "invalid_cursor", BAD_CURSOR, "cursor") from None
