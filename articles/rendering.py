"""Markdown to safe HTML: the one path by which any text reaches a page."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "sup", "sub", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "span", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "sup": {"id", "class"},
    "span": {"class"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# ``id`` and ``class`` exist for the markup we generate (references.citations.link_citations). Authors
# can type raw HTML too, so only the values we generate survive: an author-written ``id`` could clobber
# a citation anchor (or a DOM global) and an author-written ``class`` could dress text as our own UI.
ALLOWED_ID_RE = re.compile(r"(?:cite|ref)-\d+(?:-\d+)?")
ALLOWED_CLASSES = frozenset({"citation", "citation-link", "citation-unknown"})
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
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        CONTROL_CHARACTERS_RE.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
    )


def render_markdown(text: str) -> str:
    """Render Markdown and sanitise the result: raw HTML in the source is never trusted, only what nh3 keeps."""
    text = CONTROL_CHARACTERS_RE.sub("", text or "")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return sanitize_html(html)
