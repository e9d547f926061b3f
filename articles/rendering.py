"""Markdown to safe HTML: the one path by which any text reaches a page."""

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from html import unescape

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from articles.grades import GRADE_CLASSES, EvidenceExtension, grades_in, scheme
from articles.markdown_lists import nest_lists
from core.texts import split_terms
from references.citations import CITATION_GROUP_RE, cited_keys, link_citations
from references.formatting import design_label, format_ama, type_label
from references.models import Reference, reference_snapshot

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "sup", "sub", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "span", "abbr", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "sup": {"id", "class"},
    "span": {"class"},
    "abbr": {"title"},
    # Markdown tables: a column's alignment (``align``: the strict CSP refuses the ``style`` Markdown would
    # otherwise write); the scrolling box around each table (``_wrap_tables``).
    "th": {"align"},
    "td": {"align"},
    "div": {"class", "tabindex"},
}
# Python-Markdown's extensions: lists that do not merge (sane_lists) and pipe tables for dose tables.
MARKDOWN_EXTENSIONS = ["sane_lists", "tables"]
MARKDOWN_CONFIGS = {"tables": {"use_align_attribute": True}}
ALIGNMENTS = frozenset({"left", "center", "right"})
# A wide table scrolls inside its box on a narrow screen instead of widening the page; the box takes the
# keyboard focus so it can be scrolled without a mouse.
TABLE_OPEN = '<div class="table-scroll" tabindex="0"><table>'
TABLE_CLOSE = "</table></div>"
URL_SCHEMES = {"http", "https", "mailto"}

# ``id`` and ``class`` exist for the markup we generate (references.citations.link_citations). Authors
# can type raw HTML too, so only the values we generate survive: an author-written ``id`` could clobber
# a citation anchor (or a DOM global) and an author-written ``class`` could dress text as our own UI.
ALLOWED_ID_RE = re.compile(r"(?:cite|ref)-\d+(?:-\d+)?")
ALLOWED_CLASSES = frozenset({"citation", "citation-link", "citation-unknown", "table-scroll"}) | GRADE_CLASSES
# C0 control characters (but tab and newlines) have no place in text, and inside a URL they are how
# "java\0script:" slips past scheme checks; the HTML parser turns NUL into U+FFFD, so drop them first.
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# What a lenient URL parser could read as a scheme once spaces and control characters are ignored.
SCHEME_AFTER_SQUEEZING_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
SPACES_AND_CONTROLS_RE = re.compile(r"[\x00-\x20]+")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href":
        # nh3 already refuses other schemes, but reads "vbscript    :x" (Markdown expands a tab to spaces)
        # as a relative URL; browsers do too today. Refuse anything that looks like a scheme once squeezed.
        scheme = SCHEME_AFTER_SQUEEZING_RE.match(SPACES_AND_CONTROLS_RE.sub("", value).lower())
        return value if scheme is None or scheme.group(1) in URL_SCHEMES else None
    if name == "id":
        return value if ALLOWED_ID_RE.fullmatch(value) else None
    if name == "class":
        kept = [token for token in value.split() if token in ALLOWED_CLASSES]
        return " ".join(kept) or None
    if name == "align":
        return value if value in ALIGNMENTS else None
    if name == "tabindex":
        return value if value == "0" else None  # focusable in reading order, never first or out of order
    return value


def sanitize_html(html: str) -> str:
    cleaned = nh3.clean(
        CONTROL_CHARACTERS_RE.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
    )
    # nh3 decodes numeric references such as "&#1;" (which Markdown writes for "&#1"): strip again, so
    # the output holds no control characters and sanitising it a second time changes nothing.
    return CONTROL_CHARACTERS_RE.sub("", cleaned)


def _wrap_tables(html: str) -> str:
    """Each table in its scrolling box (before sanitising: the box is sanitised like everything else)."""
    return html.replace("<table>", TABLE_OPEN).replace("</table>", TABLE_CLOSE)


def render_markdown(text: str, register: str = "professional") -> str:
    """Render Markdown and sanitise the result: raw HTML in the source is never trusted, only what nh3 keeps.

    Lists are first re-indented as writers type them (``articles.markdown_lists``: two spaces or four).
    ``register`` words the grade badges (``articles.grades``) for clinicians or for patients."""
    text = nest_lists(CONTROL_CHARACTERS_RE.sub("", text or ""))
    extensions = [*MARKDOWN_EXTENSIONS, EvidenceExtension(register=register)]
    converted = markdown.markdown(text, extensions=extensions, extension_configs=MARKDOWN_CONFIGS, output_format="html")
    html = sanitize_html(_wrap_tables(converted))
    # nh3 can serialise a tree a browser would parse differently (a <p> inside a <p>, from stray tags it
    # removed): sanitise the output again until it reads back as itself, so what is stored is what the
    # reader's browser builds. Once is almost always enough; the second pass settles the rest.
    for _ in range(2):
        settled = sanitize_html(html)
        if settled == html:
            break
        html = settled
    return html


@lru_cache(maxsize=256)
def render_markdown_memoised(text: str) -> str:
    """``render_markdown``, remembered per process for the texts templates show on many pages
    (disclaimers, board profiles, policy pages). The output is a pure function of the text, so there is
    nothing to invalidate: an edited text is a different key."""
    return render_markdown(text)


# ---------------------------------------------------------------------------------------------
# A whole revision, for one register.


PROFESSIONAL = "professional"
PLAIN = "plain"
# Revisions in these states carry pinned reference snapshots (written at approval, never changed).
PINNED_STATES = frozenset({"approved", "superseded", "withdrawn"})
# Revisions whose rendering is stored for good (articles.stored_rendering): their text is frozen.
STORABLE_STATES = frozenset({"approved", "superseded"})
DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    heading: str  # plain text; the template escapes it
    html: str  # sanitised


@dataclass(frozen=True)
class RenderedReference:
    number: int
    anchor: str
    key: str
    type_label: str
    html: str  # escaped field by field (references.formatting)
    backlink_ids: tuple[str, ...]
    title: str = ""  # for metadata (JSON-LD citation)
    doi: str = ""
    year: str = ""
    evidence: str = ""  # the study design ("Randomised trial"), from the pinned version


@dataclass(frozen=True)
class RenderedArticle:
    """Everything a page shows of one revision in one register: safe to cache and reuse for ever."""

    register: str
    title: str  # plain text; the template escapes it
    summary_html: str
    sections: tuple[RenderedSection, ...]
    references: tuple[RenderedReference, ...]
    description: str  # plain text for <meta name="description"> and Open Graph
    unknown_keys: tuple[str, ...] = field(default=())
    headline: str = ""  # plain text under the title; the template escapes it
    also_called: tuple[str, ...] = field(default=())  # other names of the subject, plain text
    # The whole text as one HTML fragment (contents, summary, sections, reference list): the fields
    # above through templates/articles/_article_text.html, so a page inserts it without looping.
    body_html: str = ""
    grades: tuple[str, ...] = field(default=())  # the recommendations' grades, in order ("2C"; issue 17)

    @property
    def toc(self) -> list[tuple[str, str]]:
        return [(section.anchor, section.heading) for section in self.sections]

    def to_payload(self) -> dict:
        """Plain JSON-able data, for ``articles.models.StoredRendering``."""
        return asdict(self)

    @classmethod
    def from_payload(cls, payload: dict) -> "RenderedArticle":
        return cls(
            **{
                **payload,
                "sections": tuple(RenderedSection(**section) for section in payload["sections"]),
                "references": tuple(
                    RenderedReference(**{**reference, "backlink_ids": tuple(reference["backlink_ids"])})
                    for reference in payload["references"]
                ),
                "unknown_keys": tuple(payload["unknown_keys"]),
                "also_called": tuple(payload.get("also_called", ())),
                "grades": tuple(payload.get("grades", ())),
            }
        )


def _pick(revision_or_section, name: str, register: str) -> str:
    """The plain-language wording of a field when asked for and present, else the professional one."""
    if register == PLAIN:
        plain = getattr(revision_or_section, f"plain_{name}", "") or ""
        if plain.strip():
            return plain
    return getattr(revision_or_section, name) or ""


def reference_lookup(revision, texts: list[str]):
    """key -> snapshot dict: the pinned versions for a decided revision, the live library otherwise."""
    if revision.state in PINNED_STATES:
        snapshots = {pin.key: pin.snapshot for pin in revision.cited_references.all()}
    else:
        keys = cited_keys(texts)
        snapshots = {ref.key: reference_snapshot(ref) for ref in Reference.objects.filter(key__in=keys)}
    return snapshots.get


def plain_text(markdown_text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Markdown without citations or markup, shortened at a word boundary (for metadata)."""
    without_citations = re.sub(r"\s*" + CITATION_GROUP_RE.pattern, "", markdown_text or "")
    text = " ".join(strip_tags(render_markdown(without_citations)).split())
    return Truncator(unescape(text)).chars(limit)


# A citation marker as link_citations writes it, and the block elements that end a line of text.
CITATION_MARKER_RE = re.compile(r'<sup id="cite-[^"]*" class="citation">(.*?)</sup>', re.DOTALL)
BLOCK_END_RE = re.compile(r"<br>|</(?:p|li|h2|h3|h4|blockquote|pre|tr|table)>")


def html_to_text(html: str) -> str:
    """Plain text of a sanitised fragment, for partners that show text, not HTML: citation markers read
    " [1, 2]", each paragraph and list item ends a line, entities are decoded. Being text, it must be
    escaped wherever it is put into HTML (an editor's "&lt;b&gt;" reads "<b>" here)."""
    text = CITATION_MARKER_RE.sub(lambda match: " [" + strip_tags(match.group(1)) + "]", html or "")
    text = unescape(strip_tags(BLOCK_END_RE.sub("\n", text)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _anchors(headings: list[str]) -> list[str]:
    seen: set[str] = set()
    anchors = []
    for position, heading in enumerate(headings, start=1):
        anchor = "section-" + (slugify(heading) or str(position))
        while anchor in seen:
            anchor += f"-{position}"
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def render_revision(revision, register: str) -> RenderedArticle:
    """Render one revision in one register: register text with professional fallback, numbered citations.

    Citations are numbered over the summary and the sections in reading order, so a reader of either
    register sees numbers that match the reference list below them.
    """
    sections = list(revision.sections.all())
    summary = _pick(revision, "summary", register)
    bodies = [_pick(section, "body", register) for section in sections]
    headings = [_pick(section, "heading", register) for section in sections]
    texts = [summary, *bodies]
    lookup = reference_lookup(revision, texts)
    linked, entries = link_citations(texts, lookup)
    known = {entry.key for entry in entries}
    unknown = tuple(key for key in cited_keys(texts) if key not in known)
    rendered = RenderedArticle(
        register=register,
        title=_pick(revision, "title", register),
        headline=" ".join(_pick(revision, "headline", register).split()),
        also_called=tuple(split_terms(revision.also_called)),
        summary_html=render_markdown(linked[0], register),
        sections=tuple(
            RenderedSection(anchor=anchor, heading=heading, html=render_markdown(body, register))
            for anchor, heading, body in zip(_anchors(headings), headings, linked[1:], strict=True)
        ),
        references=tuple(
            RenderedReference(
                number=entry.number,
                anchor=entry.anchor,
                key=entry.key,
                type_label=type_label(entry.reference),
                html=str(format_ama(entry.reference)),
                backlink_ids=tuple(entry.citing_ids),
                title=str(entry.reference.get("title") or ""),
                doi=str(entry.reference.get("doi") or ""),
                year=str(entry.reference.get("year") or ""),
                evidence=design_label(entry.reference),
            )
            for entry in entries
        ),
        description=plain_text(summary),
        unknown_keys=unknown,
        grades=tuple(code for code in grades_in([summary, *bodies]) if code in scheme()),
    )
    return replace(rendered, body_html=render_to_string("articles/_article_text.html", {"rendered": rendered}))
