"""Read-only audit screens: workflow events (with the inlines other screens show), the email and purge
outboxes and the task worker's queue."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from articles.models import PurgeRequest
from core.admin import ReadOnlyAuditMixin
from core.pagination import LargeTableAdminMixin
from editorial.models import Notification, TransitionRecord
from editorial.rules import CREATE_LABEL, EVENTS, RULES, action_label

RECENT_LIMIT = 50  # rows of an article's revisions and events shown on its page


class ActionInWords:
    """The audit screens show each record's action in words ("Request changes"), not its code."""

    @admin.display(description="action", ordering="action")
    def step(self, record):
        return action_label(record.action)


class TransitionRecordInline(ActionInWords, ReadOnlyAuditMixin, admin.TabularInline):
    model = TransitionRecord
    fk_name = "revision"
    extra = 0
    fields = ("created_at", "actor", "step", "from_state", "to_state", "comment")
    readonly_fields = fields
    verbose_name_plural = "workflow history (who, when, from, to, why)"
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("revision", "actor")


class ArticleTransitionInline(TransitionRecordInline):
    fk_name = "article"
    fields = ("created_at", "revision", "actor", "step", "from_state", "to_state", "comment")
    readonly_fields = fields
    verbose_name_plural = f"latest {RECENT_LIMIT} workflow events (all: Workflow events, filtered by article)"

    def get_queryset(self, request):
        # An article with 1,000 revisions has thousands of events: show the latest, in constant time.
        article_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        queryset = super().get_queryset(request)
        if article_id is None:
            return queryset
        latest = TransitionRecord.objects.filter(article_id=article_id).order_by("-created_at", "-id")
        return queryset.filter(pk__in=latest.values("pk")[:RECENT_LIMIT])


class ActionFilter(admin.SimpleListFilter):
    """The workflow's actions, from RULES: no DISTINCT over every event (millions at 100,000 articles)."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [
            ("create", CREATE_LABEL),
            *((action, rule.label) for action, rule in RULES.items()),
            *EVENTS.items(),
        ]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class RecentFilter(admin.SimpleListFilter):
    """Fixed periods instead of a date hierarchy (which reads every event's date to list the years)."""

    title = "when"
    parameter_name = "within_days"
    PERIODS = {"1": "Today", "7": "Past 7 days", "30": "Past 30 days", "365": "Past year"}

    def lookups(self, request, model_admin):
        return list(self.PERIODS.items())

    def queryset(self, request, queryset):
        if self.value() not in self.PERIODS:
            return queryset
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=int(self.value())))


@admin.register(TransitionRecord)
class TransitionRecordAdmin(ActionInWords, LargeTableAdminMixin, ReadOnlyAuditMixin, admin.ModelAdmin):
    list_display = ("created_at", "article", "revision_number", "step", "from_state", "to_state", "actor")
    list_filter = (RecentFilter, ActionFilter, "to_state")
    search_fields = ("article__slug", "actor__username", "comment")
    list_select_related = ("article", "revision", "actor")

    @admin.display(description="revision")
    def revision_number(self, record):
        return record.revision.number


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """The email outbox, read-only: what was sent, what failed and why (``send_notifications`` retries)."""

    list_display = ("created_at", "event", "email", "subject", "sent_at", "attempts", "last_error")
    list_filter = ("event", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "subject")
    date_hierarchy = "created_at"


# The task worker's queue (django-tasks, issue 19): the library's read-only screen, behind the policy
# (the editor-in-chief and superusers). Its module is imported first so that it has registered its own.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAuditMixin, DBTaskResultAdmin):
    """What the worker ran, runs and will run: status, times, errors (the outboxes hold the retries)."""


@admin.register(PurgeRequest)
class PurgeRequestAdmin(ReadOnlyAuditMixin, admin.ModelAdmin):
    """The CDN purge outbox, read-only: which keys, sent or not, and why a purge failed."""

    list_display = ("created_at", "keys", "done_at", "sends_left", "attempts", "next_attempt_at", "last_error")
    list_filter = (("done_at", admin.EmptyFieldListFilter),)
    date_hierarchy = "created_at"
