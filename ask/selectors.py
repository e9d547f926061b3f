"""Reads of the question box: the quoted passages as the answer page shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, QuerySet
from django.urls import reverse

from articles.attribution import Reviewer, attribution_from_rows
from articles.page_rows import credit_lists
from ask.models import Passage
from ask.retrieval import MAX_PASSAGES, Hit
from pagecache import placeholder, prepared_rows


@dataclass(frozen=True)
class Quote:
    """One passage as the answer quotes it: verbatim HTML, where it is, who reviewed it and when."""

    title: str
    heading: str
    html: str  # sanitised when stored; citation numbers link to the article page's reference list
    url: str  # the passage on the article page, highlighted on arrival
    article_url: str
    reviewers: tuple[Reviewer, ...]
    last_reviewed: datetime | None


def passage_url(page_url: str, anchor: str) -> str:
    """The passage's section on the article page: the page highlights the section it is sent to (``:target``
    in site.css). A text fragment (``#:~:text=``) was tried to mark the passage itself, but Chromium then
    sets no ``:target``, and the section's highlight is the one every browser shows."""
    return f"{page_url}#{anchor}"


def linked_html(html: str, page_url: str) -> str:
    """The stored passage HTML (``ask.passages.quotable_html``: sanitised when written) with its citation
    numbers linking to the reference list on ``page_url``, a path ``reverse`` built from two slugs (letters,
    digits, hyphens, underscores: nothing an attribute needs escaped)."""
    return html.replace('href="#ref-', f'href="{page_url}#ref-')


def _quote_rows() -> QuerySet:
    """Up to ``MAX_PASSAGES`` passages, still published (checked again here), with what the answer shows of
    each: the credits are read live (a board member's profile edit shows at once), in the same one query."""
    wanted = [placeholder(f"passage_{slot}", int) for slot in range(MAX_PASSAGES)]
    return (
        Passage.objects.filter(pk__in=wanted, revision_id=F("article__published_revision_id"))
        .annotate(**credit_lists(OuterRef("revision_id")))
        .values_list(*QUOTE_COLUMNS)
    )


QUOTE_COLUMNS = ("pk", "title", "heading", "html", "anchor", "article__slug", "article__last_reviewed_at")
QUOTE_COLUMNS += ("transition_items", "confirmation_items")


def quotes(hits: list[Hit], audience_slug: str) -> list[Quote]:
    """The hits' passages, in the hits' order, still published: one query, compiled once per process."""
    slots = {f"passage_{slot}": 0 for slot in range(MAX_PASSAGES)}  # 0: no passage
    slots.update((f"passage_{slot}", hit.passage_id) for slot, hit in enumerate(hits[:MAX_PASSAGES]))
    rows = {row[0]: row for row in prepared_rows("ask_quotes", _quote_rows, **slots)}
    found = []
    for hit in hits[:MAX_PASSAGES]:
        if hit.passage_id not in rows:
            continue
        _, title, heading, html, anchor, slug, last_reviewed, transitions, confirmations = rows[hit.passage_id]
        page_url = reverse("articles:for_audience", args=[slug, audience_slug])
        found.append(
            Quote(
                title=title,
                heading=heading,
                html=linked_html(html, page_url),
                url=passage_url(page_url, anchor),
                article_url=page_url,
                reviewers=attribution_from_rows(transitions or [], confirmations or []).reviewers,
                last_reviewed=last_reviewed,
            )
        )
    return found
