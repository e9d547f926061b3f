"""Cut an approved revision into quotable passages and store them: the box reads nothing else.

``index_article_passages`` is called by ``editorial.services`` inside the approve and confirm-current
transactions, ``unindex_article_passages`` inside the withdraw one (the dependency points editorial ->
ask -> articles), so the box never quotes text that is not the article's published revision, and a
withdrawn article's passages are gone when the withdrawal commits.

A passage is a top-level block of a section as the article page renders it (``render_revision``: the
same sanitised HTML, citation numbers as on the page): a paragraph, a table, a quotation, or one item of
a list. Sub-headings inside a section are not quoted alone; their words are ranked with the next block.
"""

from __future__ import annotations

import re

from django.db.models import F

from articles.models import Article
from articles.rendering import PLAIN, PROFESSIONAL, html_to_text, render_revision, sanitize_html
from ask.models import Passage, PassageVersion
from core.texts import split_terms

REGISTERS = (PROFESSIONAL, PLAIN)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img"})
_LISTS = frozenset({"ul", "ol"})
_LABELS = frozenset({"h2", "h3", "h4"})
_CITE_ID_RE = re.compile(r' id="cite-[0-9-]+"')
# " [1, 2]" or " [3–5]": the citation numbers html_to_text writes; ranked text leaves them out.
_CITATION_TEXT_RE = re.compile(r"\s*\[[\d,\s\u2013-]+\]")


def _top_level_blocks(html: str) -> list[tuple[str, str]]:
    """``[(tag, outer_html)]`` of the fragment's top-level elements (sanitised HTML is well formed)."""
    blocks, depth, start, tag = [], 0, 0, ""
    for match in _TAG_RE.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if not closing:
            if depth == 0:
                start, tag = match.start(), name
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                blocks.append((tag, html[start : match.end()]))
    return blocks


def split_blocks(html: str) -> list[tuple[str, str]]:
    """``[(label, block_html)]``: each paragraph, table or quotation, and each item of a top-level list
    (quoted inside its own list), with the sub-heading above it, if any, as its label."""
    found, label = [], ""
    for tag, block in _top_level_blocks(html):
        if tag in _LABELS:
            label = html_to_text(block)
        elif tag in _LISTS:
            inner = block[block.index(">") + 1 : block.rindex("<")]
            for item_tag, item in _top_level_blocks(inner):
                if item_tag == "li":
                    found.append((label, f"<{tag}>{item}</{tag}>"))
        else:
            found.append((label, block))
    return found


def quotable_html(block: str) -> str:
    """A block as the answer page quotes it, stored so the page does not sanitise on every question: without
    the article page's citation ids (an answer quotes several passages on one page), sanitised again, as
    everything stored for a page is. ``ask.selectors.linked_html`` points its citation links at the page."""
    return sanitize_html(_CITE_ID_RE.sub("", block))


def ranked_text(html: str) -> str:
    return " ".join(_CITATION_TEXT_RE.sub("", html_to_text(html)).split())


def passages_of(article, revision) -> list[Passage]:
    """The revision's passages in both registers (its stored renderings: the page's own HTML)."""
    rows = []
    also_called = "; ".join(split_terms(revision.also_called))
    for register in REGISTERS:
        rendered = render_revision(revision, register)  # what the page shows; the page stores its own
        position = 0
        for section in rendered.sections:
            for label, block in split_blocks(section.html):
                position += 1
                text = f"{label} {ranked_text(block)}".strip()
                rows.append(
                    Passage(
                        article=article,
                        revision=revision,
                        register=register,
                        position=position,
                        anchor=section.anchor,
                        heading=section.heading,
                        title=rendered.title,
                        html=quotable_html(block),
                        text=text,
                        also_called=also_called,
                    )
                )
    return rows


def _bump_version() -> None:
    """Tell every worker its index is stale, in the caller's transaction: committed with the passages, or
    rolled back with them. Its row lock is held to the end of that transaction, so approvals and withdrawals
    queue on it for that long: rare writes, and each one's passages land in one version."""
    if not PassageVersion.objects.filter(pk=1).update(number=F("number") + 1):
        PassageVersion.objects.get_or_create(pk=1, defaults={"number": 1})  # a flushed test database


def index_article_passages(article, revision) -> None:
    """Make ``revision`` (the article's published revision) what the box quotes (inside the transaction)."""
    Passage.objects.filter(article=article).delete()
    Passage.objects.bulk_create(passages_of(article, revision))
    _bump_version()


def unindex_article_passages(article) -> None:
    """The article is no longer public: the box must not quote it (inside the withdrawal transaction)."""
    Passage.objects.filter(article=article).delete()
    _bump_version()


def reindex_all_passages(*, only_missing: bool = False) -> int:
    """Write every published article's passages again (after a change to how passages are cut), or with
    ``only_missing`` those of published articles that have none (a corpus written in bulk: ``make bench``)."""
    count = 0
    articles = Article.objects.filter(published_revision__isnull=False).select_related("published_revision")
    if only_missing:
        articles = articles.exclude(pk__in=Passage.objects.values("article_id"))
    for article in articles.iterator(chunk_size=500):
        index_article_passages(article, article.published_revision)
        count += 1
    return count
