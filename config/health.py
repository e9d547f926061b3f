"""Operational endpoints: the health check, and the benchmark's trivial view (only when enabled)."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers and the cache stores and returns a value; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy; report its kind
        checks["database"] = f"error: {type(error).__name__}"
    try:
        # The fail-open Redis cache (config/cache.py) turns errors into misses; ask it directly.
        if hasattr(cache, "ping"):
            cache.ping()
        probe = uuid.uuid4().hex
        cache.set("vetted:healthz", probe, timeout=30)
        checks["cache"] = "ok" if cache.get("vetted:healthz") == probe else "error: value not returned"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def bench_trivial(request):
    """The benchmark's yardstick: the cheapest response Django can give through the full middleware."""
    return HttpResponse(b"ok", content_type="text/plain")
