"""The revision list and the review queue: filters, columns, and an order that the column arrows tell truly.

"Awaiting my review" lists my assignments first (``with_assigned_first``: a short list read through the
reviewer index, never a subquery per revision in review), then the longest waiting.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from editorial import selectors
from editorial.models import ReviewAssignment
from editorial.rules import EDITABLE_STATES, IN_REVIEW_STATES

REVIEW_QUEUES = ("mine", "review")
# The title cell names the article and the revision number too: the queue fits a 1280-pixel screen.
REVIEW_COLUMNS = ("revision", "state_badge", "assignee", "deadline", "waiting_since", "author", "preview")
# Safety updates first, the nearest deadline first (issue 18); then the longest waiting.
BY_DEADLINE = F("safety_due_at").asc(nulls_last=True)
LIST_COLUMNS = ("title", "article", "number", "state_badge", "author", "updated", "preview")


def with_assigned_first(queryset, user):
    """Annotate ``assigned_first`` (0 when the revision's current assignment is ``user``), for ordering.

    The revisions currently assigned to ``user`` are read first (a short list, through the reviewer
    index) instead of a subquery per revision in review, which grew with the queue (10,000 at 100,000
    articles); with none, the queue is read in ``submitted_at`` order straight from its index.
    """
    current_reviewer = ReviewAssignment.objects.filter(revision=OuterRef("revision_id")).values("reviewer_id")[:1]
    mine = sorted(
        set(
            ReviewAssignment.objects.filter(reviewer=user, revision__state__in=IN_REVIEW_STATES)
            .annotate(current_reviewer_id=Subquery(current_reviewer))
            .filter(current_reviewer_id=user.pk)
            .values_list("revision_id", flat=True)
        )
    )
    if not mine:
        return queryset.annotate(assigned_first=Value(1, output_field=IntegerField()))
    return queryset.annotate(
        assigned_first=Case(When(pk__in=mine, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


class QueueFilter(admin.SimpleListFilter):
    title = "workflow"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", "Awaiting my review (my assignments first)"),
            ("review", "In review (oldest first)"),
            ("drafts", "My drafts"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(state__in=IN_REVIEW_STATES).exclude(author=request.user)
        if self.value() == "review":
            return queryset.filter(state__in=IN_REVIEW_STATES)
        if self.value() == "drafts":
            return queryset.filter(author=request.user, state__in=EDITABLE_STATES)
        return queryset


class RevisionChangeList(ChangeList):
    """A changelist whose header arrows mark the order the list is really in.

    Django marks the columns of ``ModelAdmin.ordering`` (or the model's ``Meta.ordering``), not of
    ``get_ordering(request)``: the review queue, sorted by waiting time, showed arrows on "article" and
    "number". The request's ordering is what both the query and the arrows use here.
    """

    def __init__(self, request, *args, **kwargs):
        self.ordering_request = request
        super().__init__(request, *args, **kwargs)

    def _get_default_ordering(self):
        return self.model_admin.get_ordering(self.ordering_request) or super()._get_default_ordering()


class RevisionListMixin:
    """The columns, order and queryset of the revision list; in a review queue, who reviews and since when."""

    list_filter = (QueueFilter, "state")
    search_fields = ("title", "article__slug", "author__username")
    list_select_related = ("article", "author")
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return RevisionChangeList

    def get_list_display(self, request):
        return REVIEW_COLUMNS if request.GET.get("queue") in REVIEW_QUEUES else LIST_COLUMNS

    def get_ordering(self, request):
        if request.GET.get("queue") == "mine":
            return ("assigned_first", BY_DEADLINE, "submitted_at", "pk")
        if request.GET.get("queue") == "review":
            return (BY_DEADLINE, "submitted_at", "pk")
        return ("-updated_at",)

    def get_queryset(self, request):
        if request.GET.get("queue") not in REVIEW_QUEUES:
            return super().get_queryset(request)
        # Annotate before ordering: "assigned to" sorts by it (mine first), and "Awaiting my review" starts with it.
        queryset = with_assigned_first(self.model._default_manager.get_queryset(), request.user)
        return queryset.order_by(*self.get_ordering(request))

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if "assignee" in changelist.list_display:
            page = changelist.result_list  # evaluated once here; the template reads the same rows
            assignments = selectors.current_assignments(revision.pk for revision in page)
            for revision in page:
                revision.current_assignment = assignments.get(revision.pk)
                revision.assigned_to_me = revision.current_assignment is not None and (
                    revision.current_assignment.reviewer_id == request.user.pk
                )
        return changelist

    @admin.display(description="revision", ordering="title")
    def revision(self, revision):
        return format_html(
            '{}<br><span class="desk-muted">{}, revision {}</span>',
            revision.title,
            revision.article.slug,
            revision.number,
        )

    @admin.display(description="state", ordering="state")
    def state_badge(self, revision):
        return format_html('<span class="state state-{}">{}</span>', revision.state, revision.get_state_display())

    @admin.display(description="assigned to", ordering="assigned_first")
    def assignee(self, revision):
        assignment = getattr(revision, "current_assignment", None)
        if assignment is None:
            return format_html('<span class="desk-muted">{}</span>', "nobody yet")
        if revision.assigned_to_me:
            return format_html('<strong class="queue-mine">{}</strong>', "you")
        return assignment.reviewer.get_full_name() or assignment.reviewer.username

    @admin.display(description="safety deadline", ordering="safety_due_at")
    def deadline(self, revision):
        if revision.safety_due_at is None:
            return "—"
        when = timezone.localtime(revision.safety_due_at)
        late = revision.safety_due_at < timezone.now()
        return format_html(
            '<time datetime="{}" class="{}">{}</time><br><span class="desk-muted">{}</span>',
            when.isoformat(),
            "deadline-missed" if late else "deadline",
            when.strftime("%Y-%m-%d %H:%M"),
            f"{revision.get_safety_category_display()}{', overdue' if late else ''}",
        )

    @admin.display(description="waiting since", ordering="submitted_at")
    def waiting_since(self, revision):
        if revision.submitted_at is None:
            return "—"
        when = timezone.localtime(revision.submitted_at)
        return format_html(
            '<time datetime="{}">{}</time><br><span class="desk-muted">{}</span>',
            when.isoformat(),
            when.strftime("%Y-%m-%d"),
            timesince(when, depth=1),
        )

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, revision):
        return timezone.localtime(revision.updated_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="preview")
    def preview(self, revision):
        return format_html(
            '<a class="queue-preview" href="{}">Preview</a>', reverse("articles:preview_revision", args=[revision.pk])
        )
