"""Markdown to safe HTML: the one path by which any text reaches a page."""

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


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    """Render Markdown and sanitise the result; raw HTML in the source is escaped, never trusted."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return sanitize_html(html)
