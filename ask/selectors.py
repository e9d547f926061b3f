"""Reads of the question box: the quoted passages as the answer page shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.urls import reverse

from articles.attribution import Reviewer
from articles.rendering import sanitize_html
from articles.selectors import attribution_of
from ask.models import Passage
from ask.retrieval import Hit

_CITE_ID_RE = re.compile(r' id="cite-[0-9-]+"')
_REF_HREF_RE = re.compile(r'href="#(ref-\d+)"')


@dataclass(frozen=True)
class Quote:
    """One passage as the answer quotes it: verbatim HTML, where it is, who reviewed it and when."""

    title: str
    heading: str
    html: str  # sanitised; citation numbers link to the article's reference list
    url: str  # the passage on the article page, highlighted on arrival
    article_url: str
    reviewers: tuple[Reviewer, ...]
    last_reviewed: datetime | None


def passage_url(page_url: str, anchor: str) -> str:
    """The passage's section on the article page: the page highlights the section it is sent to (``:target``
    in site.css). A text fragment (``#:~:text=``) was tried to mark the passage itself, but Chromium then
    sets no ``:target``, and the section's highlight is the one every browser shows."""
    return f"{page_url}#{anchor}"


def quoted_html(html: str, page_url: str) -> str:
    """The passage's HTML with its citations pointing at the article page's reference list, and without the
    page's citation ids (several passages share a page here); sanitised again, as everything shown is."""
    return sanitize_html(_REF_HREF_RE.sub(f'href="{page_url}#\\1"', _CITE_ID_RE.sub("", html)))


def quotes(hits: list[Hit], audience_slug: str) -> list[Quote]:
    """The hits' passages, in the hits' order, still published (checked again in this query)."""
    rows = {
        passage.pk: passage
        for passage in Passage.objects.filter(
            pk__in=[hit.passage_id for hit in hits], revision_id=F("article__published_revision_id")
        ).select_related("article", "revision")
    }
    found, credits = [], {}
    for hit in hits:
        passage = rows.get(hit.passage_id)
        if passage is None:
            continue
        if passage.revision_id not in credits:
            credits[passage.revision_id] = attribution_of(passage.revision).reviewers
        page_url = reverse("articles:for_audience", args=[passage.article.slug, audience_slug])
        found.append(
            Quote(
                title=passage.title,
                heading=passage.heading,
                html=quoted_html(passage.html, page_url),
                url=passage_url(page_url, passage.anchor),
                article_url=page_url,
                reviewers=credits[passage.revision_id],
                last_reviewed=passage.article.last_reviewed_at,
            )
        )
    return found
