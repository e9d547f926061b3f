"""Stale copies of public pages, served while the database does not answer (``public_page``).

A page the database cannot build is answered with the last copy any process stored for its address, current
or not: this process's own entry in the ``pages`` cache (found by address alone, whatever tokens it
carries), else the shared copy in the ``default`` cache (Redis), which every fill writes when
``VETTED_STALE_SHARED`` is on, so a worker that never built the page, or was restarted, still has it.
Without either the database error goes on to ``config.outage``: a 503 with ``Retry-After``.

Only what ``public_page`` stored is ever served: anonymous 200 responses of public views, which show
approved text only. A stale copy may be one that a change (an approval, a withdrawal) retired just before
the outage; it is sent with ``Cache-Control: no-store`` and ``X-Vetted-Stale``, so no browser or CDN keeps it.
"""

from __future__ import annotations

import zlib

from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

# What a stopped, restarting or unreachable database raises (Django wraps the driver's errors in these).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
STALE_HEADER = "X-Vetted-Stale"


def shared_key(page_key: str) -> str:
    return page_key.replace(":page:", ":stale:", 1)


def keep(page_key: str, content: bytes, headers: dict) -> None:
    """Keep a shared copy of a page just built (compressed: HTML shrinks about sixfold)."""
    if settings.VETTED_STALE_SHARED:
        copy = (zlib.compress(content, 1), headers)
        caches["default"].set(shared_key(page_key), copy, timeout=settings.VETTED_PAGE_CACHE_SECONDS)


def response(page_key: str) -> HttpResponse | None:
    """The last stored copy of this page as a response, or None when no copy is found."""
    stored = caches["pages"].get(page_key)
    if stored is not None:
        _, content, headers, _ = stored
    elif settings.VETTED_STALE_SHARED and (copy := caches["default"].get(shared_key(page_key))) is not None:
        content, headers = zlib.decompress(copy[0]), copy[1]
    else:
        return None
    served = HttpResponse(content, headers=headers)
    served.headers["Cache-Control"] = "no-store"
    served.headers[STALE_HEADER] = "database unavailable"
    return served
