"""Writes of the API app: issuing and revoking partner keys (the editor-in-chief, through the policy)."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from api.errors import ALREADY_REVOKED, MAY_NOT_MANAGE_KEYS
from api.models import PartnerKey
from core.history import save_with_history
from editorial.permissions import allowed

KEY_PREFIX = "vk_"  # recognisable in logs and secret scanners


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def prefix_of(raw_key: str) -> str:
    return raw_key[:12]


@transaction.atomic
def partner_key_issue(
    *, actor, name: str, requests_per_minute: int = 60, webhook_url: str = ""
) -> tuple[PartnerKey, str]:
    """A new key for ``name``; returns the row and the key itself, which is never stored nor shown again.

    Every key gets a webhook secret too (shown once with the key), so a webhook address set later works."""
    if not allowed(actor, "add", PartnerKey):
        raise PermissionDenied(MAY_NOT_MANAGE_KEYS)
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey(
        name=name,
        prefix=prefix_of(raw_key),
        key_hash=hash_key(raw_key),
        requests_per_minute=requests_per_minute,
        webhook_url=webhook_url,
        webhook_secret="whsec_" + secrets.token_urlsafe(32),
        created_by=actor,
    )
    key.full_clean()
    save_with_history(key, actor=actor, reason="Partner key issued")
    return key, raw_key


@transaction.atomic
def partner_key_revoke(*, actor, key: PartnerKey) -> PartnerKey:
    """Refuse the key from now on; the row stays, with who revoked it and when."""
    key = PartnerKey.objects.select_for_update().get(pk=key.pk)
    if not allowed(actor, "change", key):
        raise PermissionDenied(MAY_NOT_MANAGE_KEYS)
    if key.is_revoked:
        raise ValidationError(ALREADY_REVOKED)
    key.revoked_at, key.revoked_by = timezone.now(), actor
    save_with_history(key, actor=actor, reason="Partner key revoked")
    return key
