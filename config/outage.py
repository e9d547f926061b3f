"""What a request gets while the database does not answer: a 503 with ``Retry-After``, never a 500.

Django turns an exception raised anywhere (a view, or a middleware loading a staff session) into the
``handler500`` response; ``server_error`` is that handler (``config.urls``). When the exception is the
database being unreachable (stopped, restarting, refusing connections) it answers 503 instead, rendered
from a static template with no request context, so building it touches neither the database nor the
session:

- a GET or HEAD (a reader whose page is in no cache: cached pages, stale or not, were already served by
  ``pagecache.public_page``; or staff opening an admin page) gets a short page saying to try again;
- a POST (a staff write: the admin's service calls run in a transaction that never began, so nothing
  changed) gets "nothing was saved" and everything they typed, in a form that sends it again unchanged
  when they press "Try again" (with the same CSRF token). Passwords are not written back into the page,
  and files must be attached again.

``CONN_HEALTH_CHECKS`` (``config/settings.py``) makes each worker drop a dead connection at the start of
the next request, so the site recovers by itself once the database is back.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
NOTHING_SAVED = "The database is briefly unavailable; nothing was saved; please try again."
NOT_KEPT = {"csrfmiddlewaretoken"}  # sent again as it came, but not shown


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """``handler500``: 503 when the database is unavailable, Django's 500 page for anything else."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    retry_after = settings.VETTED_OUTAGE_RETRY_AFTER
    context = {"retry_after": retry_after, "writing": request.method not in SAFE_METHODS, "message": NOTHING_SAVED}
    if context["writing"]:
        typed = [
            (name, value) for name, values in request.POST.lists() if "password" not in name.lower() for value in values
        ]
        context |= {
            "action": request.get_full_path(),
            "typed": typed,
            "shown": [(name, value) for name, value in typed if name not in NOT_KEPT and value.strip()],
            "files": sorted(request.FILES),
        }
    response = HttpResponse(render_to_string("outage.html", context), status=503)
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"  # never kept by a browser or a CDN
    return response
