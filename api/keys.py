"""The door of the API: partner keys, anonymous access, per-key rate limits and usage counts.

It runs before the page cache (``api.urls``), so a cached answer is never a way around a refused or
exhausted key. ``VETTED_API_ANONYMOUS`` (on by default, for the demo) lets requests without a key through;
off, every request needs a key, and answers say ``Cache-Control: private`` so no shared cache hands a
keyed answer to someone without one.
"""

from __future__ import annotations

import functools
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from api.errors import KEY_INVALID, KEY_REQUIRED, KEY_REVOKED, RATE_LIMITED, ApiError, error_body
from api.models import PartnerKey, PartnerKeyUsage
from api.services import hash_key, prefix_of

HEADER = "X-API-Key"


def partner_key(request) -> PartnerKey | None:
    """The request's valid key, or None for an anonymous request that is allowed; an ApiError otherwise."""
    raw_key = request.headers.get(HEADER, "").strip()
    if not raw_key:
        if settings.VETTED_API_ANONYMOUS:
            return None
        raise ApiError(401, "key_required", KEY_REQUIRED)
    key = PartnerKey.objects.filter(prefix=prefix_of(raw_key)).first()
    if key is None or not hmac.compare_digest(key.key_hash, hash_key(raw_key)):
        raise ApiError(401, "key_invalid", KEY_INVALID)
    if key.is_revoked:
        raise ApiError(403, "key_revoked", KEY_REVOKED.format(at=f"{key.revoked_at:%Y-%m-%d}"))
    return key


def count_request(key: PartnerKey) -> None:
    """Count the request against the key's minute (429 above its limit) and its day's usage."""
    now = time.time()
    window = f"vetted:api:rate:{key.pk}:{int(now // 60)}"
    if cache.add(window, 1, timeout=120):
        made = 1
    else:
        try:
            made = cache.incr(window)
        except ValueError:  # expired between add and incr
            cache.add(window, 1, timeout=120)
            made = 1
    if made > key.requests_per_minute:
        seconds = 60 - int(now % 60)
        raise ApiError(429, "rate_limited", RATE_LIMITED.format(limit=key.requests_per_minute, seconds=seconds))
    day = timezone.now().date()
    usage, created = PartnerKeyUsage.objects.get_or_create(key=key, day=day, defaults={"requests": 1})
    if not created:
        PartnerKeyUsage.objects.filter(pk=usage.pk).update(requests=F("requests") + 1)


def keyed(view):
    """Wrap an API view (and its page cache) in the key check, the rate limit and the usage count."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            key = partner_key(request)
            if key is not None:
                count_request(key)
        except ApiError as refusal:
            response = JsonResponse(error_body(refusal.code, refusal.message), status=refusal.status)
            if refusal.status == 429:
                response["Retry-After"] = str(60 - int(time.time() % 60))
            patch_cache_control(response, private=True, no_store=True)
            return response
        response = view(request, *args, **kwargs)
        if key is not None or not settings.VETTED_API_ANONYMOUS:
            _private(response)
        # A shared cache keys on the header: a keyed request never takes an anonymous answer from it (and so is
        # always counted against its key here).
        patch_vary_headers(response, [HEADER])
        return response

    return wrapper


def _private(response) -> None:
    """A keyed answer is for that partner only: no shared cache stores it (the browser may, briefly)."""
    patch_cache_control(response, private=True)
    directives = [part.strip() for part in response.get("Cache-Control", "").split(",")]
    response["Cache-Control"] = ", ".join(d for d in directives if d and not d.startswith("s-maxage"))
