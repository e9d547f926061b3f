"""The change feed: what a partner replays, in order, to mirror Vetted exactly.

Derived from the audit trail, which is write-once: an approval (``TransitionRecord`` "approve") is
``published`` when the article was not public before it (first publication, or after a withdrawal) and
``updated`` otherwise; a board member confirming the article is still current (``ArticleReview``) is
``review_confirmed``; a withdrawal (``TransitionRecord`` "withdraw") is ``withdrawn``, a tombstone with no
text and never the editor's private comment. Events carry addresses and times only, never text: partners
fetch the article itself, which is always the approved revision.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from api import cursors
from api.articles import MAX_PAGE_SIZE, _next_url
from api.errors import BAD_CURSOR, ApiError
from api.schemas import KEY_REFUSALS, ChangesOut, DateTimeParam, Error
from core import events
from editorial.models import ArticleReview, TransitionRecord

router = Router(tags=["changes"])
SALT = "changes"
# Two sources, one order: by time, then source, then id. The rank breaks ties between the sources.
TRANSITIONS, REVIEWS = 0, 1
EVERY = Q()  # no restriction: the feed reads every record after its position


@router.get(
    "/changes/",
    response={200: ChangesOut, 400: Error, **KEY_REFUSALS},
    url_name="changes",
    summary="What changed, in order",
)
def changes(
    request: HttpRequest,
    since: DateTimeParam | None = None,
    cursor: str | None = None,
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    """Publications, updates, confirmed reviews and withdrawals, oldest first, from ``since`` (inclusive; an
    RFC 3339 date-time with its offset) or from ``cursor`` (the ``next_cursor`` of the previous
    page). Without either, from the beginning. Keep the last ``next_cursor`` and poll with it."""
    if cursor is not None:
        at, rank, pk = cursors.decode(SALT, cursor, 3)
        position = (cursors.moment(at), rank, pk)
        if not isinstance(rank, int) or not isinstance(pk, int):
            raise ApiError(400, "invalid_cursor", BAD_CURSOR, "cursor")
    elif since is not None:
        position = (since, -1, 0)  # everything at ``since`` too
    else:
        position = None
    events = sorted(
        [*_transition_events(position, page_size + 1), *_review_events(position, page_size + 1)],
        key=lambda event: (event["at"], event["rank"], event["pk"]),
    )
    more = len(events) > page_size
    events = events[:page_size]
    last = events[-1] if events else None
    # With nothing new, the cursor to poll with next time is the one the partner sent.
    next_cursor = cursors.encode(SALT, last["at"], last["rank"], last["pk"]) if last else cursor
    items = [_public(request.build_absolute_uri, event) for event in events]
    return {"items": items, "next_cursor": next_cursor, "next_url": _next_url(request, next_cursor) if more else None}


def _after(position, rank: int, time_field: str) -> Q:
    if position is None:
        return Q()
    at, after_rank, pk = position
    if rank > after_rank:
        return Q(**{f"{time_field}__gte": at})
    if rank < after_rank:
        return Q(**{f"{time_field}__gt": at})
    return Q(**{f"{time_field}__gt": at}) | Q(**{time_field: at, "pk__gt": pk})


def change_item(source: str, pk: int, absolute: Callable[[str], str]) -> dict | None:
    """The feed's item for one audit record (``core.events``' source and pk), as ``ChangeOut`` data; None
    when the record is no public change. Webhooks send exactly what the feed says."""
    if source == events.TRANSITION:
        found = _transition_events(None, 1, only=Q(pk=pk))
    else:
        found = _review_events(None, 1, only=Q(pk=pk))
    return _public(absolute, found[0]) if found else None


def _transition_events(position, limit: int, only: Q = EVERY) -> list[dict]:
    records = TransitionRecord.objects.filter(
        only,
        _after(position, TRANSITIONS, "created_at"),
        Q(action="approve") | Q(action="withdraw", from_state="approved"),
    )
    rows = (
        records.annotate(previous=Subquery(_previous_public_step().values("action")[:1]))
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "action", "previous", "article__slug", "reason_category")[:limit]
    )
    kinds = {"withdraw": "withdrawn"}
    return [
        {
            "rank": TRANSITIONS,
            "pk": pk,
            "at": at,
            "kind": kinds.get(action) or ("updated" if previous == "approve" else "published"),
            "slug": slug,
            "next_review_due": None,
            # The category only (safety, superseded, error, other); blank for withdrawals recorded before
            # categories existed. The editor's comment is never read here.
            "reason_category": (reason or None) if action == "withdraw" else None,
        }
        for pk, at, action, previous, slug, reason in rows
    ]


def _previous_public_step() -> QuerySet:
    """The article's approval or withdrawal just before this record: an approval after an approval is an update."""
    earlier = Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    return (
        TransitionRecord.objects.filter(earlier, article_id=OuterRef("article_id"))
        .filter(Q(action="approve") | Q(action="withdraw", from_state="approved"))
        .order_by("-created_at", "-pk")
    )


def _review_events(position, limit: int, only: Q = EVERY) -> list[dict]:
    rows = (
        ArticleReview.objects.filter(only, _after(position, REVIEWS, "reviewed_at"))
        .order_by("reviewed_at", "pk")
        .values_list("pk", "reviewed_at", "article__slug", "next_review_due")[:limit]
    )
    return [
        {
            "rank": REVIEWS,
            "pk": pk,
            "at": at,
            "kind": "review_confirmed",
            "slug": slug,
            "next_review_due": due,
            "reason_category": None,
        }
        for pk, at, slug, due in rows
    ]


def _public(absolute: Callable[[str], str], event: dict) -> dict:
    """What a partner sees of an event: no audit ids, no comments, no text (``absolute`` makes a path a URL)."""
    withdrawn = event["kind"] == "withdrawn"
    api_url = None if withdrawn else absolute(reverse("api-v1:article", args=[event["slug"]]))
    return {
        "kind": event["kind"],
        "slug": event["slug"],
        "at": event["at"],
        "api_url": api_url,
        "next_review_due": event["next_review_due"],
        "reason_category": event["reason_category"],
    }
