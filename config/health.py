"""Operational endpoints: the health check, and the benchmark's trivial view (only when enabled)."""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers and the caches store and return a value; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy; report its kind
        checks["database"] = f"error: {type(error).__name__}"
    checks["cache"] = _cache_check("default")
    if settings.CACHES.get("tokens", settings.CACHES["default"]) != settings.CACHES["default"]:
        checks["page tokens"] = _cache_check("tokens")  # the file store every worker shares
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _cache_check(alias: str) -> str:
    try:
        backend = caches[alias]
        # The fail-open Redis cache (pagecache/backends.py) turns errors into misses; ask it directly.
        if hasattr(backend, "ping"):
            backend.ping()
        probe = uuid.uuid4().hex
        backend.set("vetted:healthz", probe, timeout=30)
        return "ok" if backend.get("vetted:healthz") == probe else "error: value not returned"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy; report its kind
        return f"error: {type(error).__name__}"


def bench_trivial(request):
    """The benchmark's yardstick: the cheapest response Django can give through the full middleware."""
    return HttpResponse(b"ok", content_type="text/plain")
