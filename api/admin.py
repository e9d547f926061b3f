"""Partner keys in the admin: the editor-in-chief issues (the key is shown once), limits and revokes them.

Every permission question goes to the one policy (``core.admin.PolicyAdmin``, ``editorial.permissions``);
issuing and revoking are services (``api.services``). Keys are never deleted: revoked keys stay, with who
revoked them and when. Usage counts are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from api.models import PartnerKey, PartnerKeyUsage, WebhookAttempt, WebhookDelivery
from api.services import partner_key_issue, partner_key_revoke
from core.admin import PolicyAdmin, ReadOnlyAuditMixin

ISSUED_TEMPLATE = "api/partner_key_issued.html"


@admin.register(PartnerKey)
class PartnerKeyAdmin(PolicyAdmin):
    list_display = ("name", "prefix", "requests_per_minute", "webhook_url", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix")
    fields = (
        "name",
        "requests_per_minute",
        "webhook_url",
        "prefix",
        "created_at",
        "created_by",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = ("prefix", "created_at", "created_by", "revoked_at", "revoked_by")
    actions = ["revoke"]
    # An address typed without a scheme is taken as https (Django 6's default; silences its 5.x warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw_key = partner_key_issue(
            actor=request.user, name=obj.name, requests_per_minute=obj.requests_per_minute, webhook_url=obj.webhook_url
        )
        obj.pk, obj.prefix, obj.webhook_secret, obj._state.adding = key.pk, key.prefix, key.webhook_secret, False
        request._issued_partner_key = raw_key  # shown by response_add, once, and never stored

    def response_add(self, request, obj, post_url_continue=None):
        raw_key = getattr(request, "_issued_partner_key", None)
        if raw_key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "key": obj, "raw_key": raw_key, "opts": self.opts}
        response = TemplateResponse(request, ISSUED_TEMPLATE, context)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        revoked = 0
        for key in queryset:
            try:
                partner_key_revoke(actor=request.user, key=key)
                revoked += 1
            except (PermissionDenied, ValidationError) as refusal:
                messages.error(request, f"{key}: {' '.join(getattr(refusal, 'messages', [str(refusal)]))}")
        if revoked:
            messages.success(request, f"Revoked {revoked} key(s); they are refused from now on.")


@admin.register(PartnerKeyUsage)
class PartnerKeyUsageAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    list_display = ("key", "day", "requests")
    list_filter = ("day",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """Each event queued for a partner's webhook: delivered or not, attempts, the last answer (read-only)."""

    list_display = ("event_id", "kind", "key", "created_at", "attempts", "last_status_code", "delivered_at")
    list_filter = ("kind", "delivered_at", "key")
    search_fields = ("event_id", "key__name")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields if field.name != "claimed_until"]
    exclude = ("claimed_until",)


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """Every try: when, the receiver's status code or the error, how long it took (read-only)."""

    list_display = ("delivery", "number", "at", "status_code", "error", "duration_ms")
    list_filter = ("status_code", "delivery__key")
    search_fields = ("delivery__event_id", "error")
