"""Selectors for the editor-in-chief's dashboard: read-only figures about the workflow."""

from __future__ import annotations

import statistics
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from editorial.models import ReviewAssignment, Revision, TransitionRecord
from editorial.rules import IN_REVIEW_STATES, State
from editorial.selectors import articles_due_for_review, board_members

DECISIONS = ("request_changes", "reject", "approve")
WINDOW_DAYS = 90


def revisions_per_state() -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in workflow order, zeros included."""
    counts = dict(Revision.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return [(state.value, state.label, counts.get(state.value, 0)) for state in State]


def decision_times(*, days: int = WINDOW_DAYS, now=None) -> list[timedelta]:
    """For each decision in the window, the time since the submission it decided."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    decisions = TransitionRecord.objects.filter(action__in=DECISIONS, created_at__gte=since).values_list(
        "revision_id", "created_at"
    )
    revision_ids = {revision_id for revision_id, _ in decisions}
    submits: dict[int, list] = {}
    for revision_id, created_at in (
        TransitionRecord.objects.filter(action="submit", revision_id__in=revision_ids)
        .order_by("created_at")
        .values_list("revision_id", "created_at")
    ):
        submits.setdefault(revision_id, []).append(created_at)
    times = []
    for revision_id, decided_at in decisions:
        earlier = [at for at in submits.get(revision_id, []) if at <= decided_at]
        if earlier:
            times.append(decided_at - earlier[-1])
    return times


def median_decision_time(*, days: int = WINDOW_DAYS, now=None) -> timedelta | None:
    times = decision_times(days=days, now=now)
    if not times:
        return None
    return timedelta(seconds=statistics.median(t.total_seconds() for t in times))


def reviewer_load(*, days: int = WINDOW_DAYS, now=None) -> list[dict]:
    """Per board member: revisions assigned and still in review, and decisions taken in the window."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    assigned: dict[int, int] = {}
    in_review = Revision.objects.filter(state__in=IN_REVIEW_STATES).values_list("pk", flat=True)
    seen: set[int] = set()
    for revision_id, reviewer_id in ReviewAssignment.objects.filter(revision_id__in=list(in_review)).values_list(
        "revision_id", "reviewer_id"
    ):
        if revision_id in seen:  # ordered newest first: only the current assignment counts
            continue
        seen.add(revision_id)
        assigned[reviewer_id] = assigned.get(reviewer_id, 0) + 1
    decided = dict(
        TransitionRecord.objects.filter(action__in=DECISIONS, created_at__gte=since)
        .values("actor_id")
        .annotate(n=Count("pk"))
        .values_list("actor_id", "n")
    )
    return [
        {
            "name": member.get_full_name() or member.username,
            "assigned": assigned.get(member.pk, 0),
            "decided": decided.get(member.pk, 0),
        }
        for member in board_members()
    ]


def grouped_bar_chart(
    rows: list[tuple[str, list[int]]], *, bar_height: int = 12, width: int = 520, label_width: int = 170
) -> dict:
    """Like ``bar_chart`` with one thin bar per series in each row (``series`` index picks the CSS class)."""
    top = max([value for _, values in rows for value in values] + [1])
    plot = width - label_width - 50
    series_count = max((len(values) for _, values in rows), default=1)
    row_height = series_count * (bar_height + 2) + 10
    groups = []
    for index, (label, values) in enumerate(rows):
        y = index * row_height
        bars = []
        for series, value in enumerate(values):
            bar_y = y + series * (bar_height + 2)
            length = round(plot * value / top)
            bars.append(
                {
                    "series": series,
                    "value": value,
                    "y": bar_y,
                    "width": max(length, 1 if value else 0),
                    "value_x": label_width + length + 6,
                    "text_y": bar_y + bar_height - 2,
                }
            )
        groups.append({"label": label, "text_y": y + (row_height - 10) // 2 + 4, "bars": bars})
    return {
        "groups": groups,
        "width": width,
        "height": max(len(rows) * row_height, row_height),
        "bar_height": bar_height,
        "label_width": label_width,
        "label_x": label_width - 8,
    }


def humanize_duration(duration: timedelta | None) -> str:
    """``3 min``, ``5.5 h``, ``2.3 days``: readable at any scale."""
    if duration is None:
        return "—"
    seconds = duration.total_seconds()
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def bar_chart(rows: list[tuple[str, int]], *, bar_height: int = 22, width: int = 520, label_width: int = 170) -> dict:
    """Geometry for a horizontal SVG bar chart, drawn by the template (which escapes the labels)."""
    top = max([value for _, value in rows] + [1])
    plot = width - label_width - 50
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (bar_height + 8)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + bar_height - 6,
                "width": max(round(plot * value / top), 1 if value else 0),
                "value_x": label_width + max(round(plot * value / top), 0) + 6,
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": max(len(rows) * (bar_height + 8), bar_height),
        "bar_height": bar_height,
        "label_width": label_width,
        "label_x": label_width - 8,
    }


def dashboard(*, now=None) -> dict:
    per_state = revisions_per_state()
    due = articles_due_for_review()
    load = reviewer_load(now=now)
    median = median_decision_time(now=now)
    return {
        "per_state": per_state,
        "state_chart": bar_chart([(label, count) for _, label, count in per_state]),
        "median_decision": median,
        "median_decision_text": humanize_duration(median),
        "decisions_counted": len(decision_times(now=now)),
        "overdue": [article for article in due if article.is_overdue],
        "due_soon": [article for article in due if not article.is_overdue],
        "load": load,
        "load_chart": grouped_bar_chart([(row["name"], [row["assigned"], row["decided"]]) for row in load]),
        "window_days": WINDOW_DAYS,
    }
