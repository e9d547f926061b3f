"""Admin for the reader's site: audiences, board profiles, site pages and the reader-report inbox.

Who may see and change each is the permission policy's answer (``core.admin.PolicyAdmin``); reports are
never added here (readers send them) or deleted (they are marked handled).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.text import Truncator

from articles.invalidation import retire_all_on_commit
from articles.models import Audience, BoardProfile, ReaderReport, SitePage
from core import policy
from core.admin import PolicyAdmin


class InvalidatesPublicPages:
    """Audiences, disclaimers, board profiles and site pages appear on every public page: an edit
    retires every cached page on every server and in the proxy, once the edit is committed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        retire_all_on_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        retire_all_on_commit()

    def delete_queryset(self, request, queryset):  # the changelist's "Delete selected"
        super().delete_queryset(request, queryset)
        retire_all_on_commit()


@admin.register(Audience)
class AudienceAdmin(InvalidatesPublicPages, PolicyAdmin):
    list_display = ("label", "slug", "register", "is_default", "ordering")
    list_editable = ("ordering",)
    fields = (
        "label",
        "slug",
        "description",
        "register",
        "is_default",
        "ordering",
        "disclaimer_title",
        "disclaimer",
        "schema_audience_type",
    )


class BoardProfileForm(forms.ModelForm):
    def clean(self):
        """A listed profile says "this person is on the Medical Advisory Board": the policy decides who is."""
        cleaned = super().clean()
        if cleaned.get("listed") and cleaned.get("user") is not None:
            try:
                policy.check(cleaned["user"], "be_listed_on_board")
            except PermissionDenied as refusal:
                self.add_error("listed", str(refusal))
        return cleaned


@admin.register(BoardProfile)
class BoardProfileAdmin(InvalidatesPublicPages, PolicyAdmin):
    form = BoardProfileForm
    list_display = ("display_name", "credentials", "specialty", "listed", "user")
    list_filter = ("listed",)
    search_fields = ("display_name", "specialty", "user__username")
    prepopulated_fields = {"slug": ("display_name",)}
    raw_id_fields = ("user",)

    def view_on_site(self, profile):
        """An unlisted profile has no public page (404): no "View on site" link to it."""
        return profile.get_absolute_url() if profile.listed else None


# A board member without a board profile is credited on the public pages by their user name: renaming a
# user changes those pages too (Django's own user admin, otherwise unchanged; superusers only).
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(InvalidatesPublicPages, auth_admin.UserAdmin):
    pass


@admin.register(SitePage)
class SitePageAdmin(InvalidatesPublicPages, PolicyAdmin):
    list_display = ("title", "slug", "updated_at")  # never deleted (the policy): the site links to them by slug


@admin.register(ReaderReport)
class ReaderReportAdmin(PolicyAdmin):
    """The editors' inbox: read, note, mark handled; reports are never added here or deleted."""

    list_display = ("created_at", "article", "kind", "excerpt", "has_email", "status")
    # Only articles that have reports (a filter listing every article would list 100,000 links).
    list_filter = ("status", "kind", ("article", admin.RelatedOnlyFieldListFilter))
    search_fields = ("message", "article__slug", "email")
    list_select_related = ("article",)
    date_hierarchy = "created_at"
    readonly_fields = ("article", "audience_slug", "kind", "message", "email", "created_at", "client_hash")
    fields = (*readonly_fields, "status", "editor_note")
    actions = ["mark_handled"]

    @admin.display(description="message")
    def excerpt(self, report):
        return Truncator(report.message).chars(80)

    @admin.display(description="reply wanted", boolean=True)
    def has_email(self, report):
        return bool(report.email)

    @admin.action(description="Mark selected reports as handled")
    def mark_handled(self, request, queryset):
        changed = 0
        for report in queryset.filter(status=ReaderReport.Status.NEW):
            report.status = ReaderReport.Status.HANDLED
            report._history_user = request.user
            report._change_reason = "Marked handled"
            report.save()  # one by one, so each change has its history row
            changed += 1
        messages.success(request, f"{changed} report(s) marked as handled.")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
