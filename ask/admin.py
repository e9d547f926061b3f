"""Admin for the question box: its wording (editors write, a board member approves) and the editors' inbox
of questions readers sent, grouped by their key words with how many readers asked alike.

Every door asks the one policy (``core.admin.PolicyAdmin``); writes go through ``ask.services``.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ask import services
from ask.models import Question, Wording
from core.admin import PolicyAdmin
from core.history import StaleEditError
from core.policy import allowed

APPROVE_FROM_THE_LIST_MESSAGE = "Nothing was approved: approve from the list as shown (reload it and try again)."


@admin.register(Wording)
class WordingAdmin(PolicyAdmin):
    list_display = ("text", "kind", "means", "approved", "approved_by", "approved_at")
    list_filter = ("kind", ("approved_at", admin.EmptyFieldListFilter))
    search_fields = ("text", "means")
    fields = ("kind", "text", "means")
    actions = ["approve_selected"]

    @admin.display(boolean=True, description="Approved")
    def approved(self, wording) -> bool:
        return wording.is_approved

    def save_model(self, request, obj, form, change):
        services.wording_save(actor=request.user, wording=obj, reason=request.POST.get("_change_reason", ""))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not allowed(request.user, "approve_wording", Wording(changed_by_id=None)):
            actions.pop("approve_selected", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        # The list carries when it was shown: an approval is of the words the board member read there.
        extra_context = {**(extra_context or {}), "seen_at": timezone.now().isoformat()}
        return super().changelist_view(request, extra_context)

    @admin.action(description="Approve the selected wording for the question box")
    def approve_selected(self, request, queryset):
        seen_at = parse_datetime(request.POST.get("seen_at", ""))
        if seen_at is None:  # not posted from the list as shown: nothing to say what was read
            self.message_user(request, APPROVE_FROM_THE_LIST_MESSAGE, messages.ERROR)
            return
        done = 0
        for wording in queryset:
            try:
                services.wording_approve(actor=request.user, wording=wording, seen_at=seen_at)
                done += 1
            except (PermissionDenied, StaleEditError) as refusal:
                reason = " ".join(getattr(refusal, "messages", [str(refusal)]))
                self.message_user(request, f"“{wording.text[:60]}”: {reason}", messages.ERROR)
        if done:
            self.message_user(request, f"Approved {done} row(s): the question box uses them now.", messages.SUCCESS)


def _similar_count():
    """How many questions share each question's key words (its group in the inbox)."""
    same = Question.objects.filter(terms=OuterRef("terms")).order_by().values("terms").annotate(n=Count("pk"))
    return Coalesce(Subquery(same.values("n")[:1]), 1)


class PolicyAskedAdmin(admin.ModelAdmin):
    """Questions keep no history (they are readers' words, deleted after the retention period): a plain
    ModelAdmin whose every permission question still goes to the policy."""

    def has_module_permission(self, request):
        return allowed(request.user, "view", self.model)

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, "view", obj or self.model)

    def has_add_permission(self, request):
        return allowed(request.user, "add", self.model)

    def has_change_permission(self, request, obj=None):
        return allowed(request.user, "change", obj or self.model)

    def has_delete_permission(self, request, obj=None):
        return allowed(request.user, "delete", obj or self.model)


@admin.register(Question)
class QuestionAdmin(PolicyAskedAdmin):
    """The editors' inbox: unanswered questions, the most asked first (questions with the same key words
    form a group), each with the audience and the article page it was asked on."""

    list_display = ("text", "asked_alike", "terms", "audience_slug", "asked_on", "email", "created_at", "status")
    list_filter = ("status", "audience_slug")
    search_fields = ("text", "terms")
    readonly_fields = ("text", "terms", "audience_slug", "asked_on", "email", "created_at", "status")
    fields = readonly_fields
    actions = ["mark_handled"]

    def get_queryset(self, request):
        # Annotated before the admin orders it (ModelAdmin.get_queryset orders first, by fields only).
        return Question.objects.annotate(alike=_similar_count()).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ("-alike", "terms", "-created_at")  # the most asked first, each group together

    @admin.display(description="Asked alike", ordering="alike")
    def asked_alike(self, question) -> int:
        return question.alike

    @admin.action(description="Mark the selected questions as handled")
    def mark_handled(self, request, queryset):
        try:
            count = services.questions_mark_handled(actor=request.user, questions=list(queryset))
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        self.message_user(request, f"Marked {count} question(s) as handled.", messages.SUCCESS)
