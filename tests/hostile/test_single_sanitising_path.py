"""Text reaches HTML through one sanitising path: no template or module marks text safe on its own.

Django escapes everything by default; the only ways around it are ``mark_safe``/``SafeString``,
``|safe``, ``{% autoescape off %}`` and ``@register.filter(is_safe=True)``. Each use must be the
sanitiser's own (``articles.rendering``) or be listed in ``REVIEWED`` with the reason it is safe.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["articles", "ask", "editorial", "references", "config", "templates"]
BYPASSES = re.compile(r"mark_safe\(|SafeString\(|\|\s*safe\b|\{%\s*autoescape\s+off|is_safe\s*=\s*True|\|\s*safeseq\b")

# "path": number of bypasses reviewed there, and why each is safe.
REVIEWED = {
    # The Markdown filter returns render_markdown's output: Markdown -> nh3 allowlist (articles.rendering).
    "articles/templatetags/vetted.py": 1,
    # json_ld: json.dumps output with <, > and & escaped as \u003C/\u003E/\u0026 (what json_script does),
    # inside <script type="application/ld+json">: no text can close the element or open a tag.
    "articles/metadata.py": 1,
    # diff_words: every word escape()d, only our own <ins>/<del>/<details>/<summary> added. diff_rendered:
    # tokens of render_markdown output, then one more nh3.clean with the same allowlist plus ins/del, then
    # only a <details> with a fixed class and a count. The third match is the docstring's "never |safe".
    "editorial/compare/words.py": 3,
    # format_ama: every field escape()d or passed to format_html as an argument; link targets are
    # https://doi.org/…, https://pubmed… (digits only) or an http(s) URL, all attribute-escaped.
    "references/formatting.py": 1,
    # The search page's results (what templates/articles/search.html did with |safe): every value through
    # format_html or escape(); snippet_html is articles.search.snippets' highlight()/_marked_html: escape() of
    # the text, then only the sentinels \x02/\x03 (which escape leaves alone) become <mark>/</mark>.
    "articles/search_html.py": 1,
    # RenderedArticle from articles.rendering.render_revision: summary_html and section html are
    # render_markdown output; reference html is format_ama (above).
    "templates/articles/_article_text.html": 3,
    # RenderedArticle.body_html: _article_text.html above, rendered with Django's autoescaping by
    # render_revision (stored as is in StoredRendering, written only from render_revision output).
    "templates/articles/_article_body.html": 1,
    # The question box's quoted passage: a block of render_revision's section html (above), cut at its
    # top-level tags, its citation ids dropped, then sanitize_html again and stored when the passage is indexed
    # (ask.passages.quotable_html): articles.rendering's nh3 path. The only thing added after it is the article
    # page's own address (reverse() of a slug) before its "#ref-" links (ask.selectors.linked_html).
    "templates/ask/_answer.html": 1,
}


def bypasses() -> dict[str, int]:
    found: dict[str, int] = {}
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt", ".xml"} or "migrations" in path.parts:
                continue
            count = len(BYPASSES.findall(path.read_text(encoding="utf-8", errors="replace")))
            if count:
                found[str(path.relative_to(ROOT))] = count
    return found


def test_every_escape_bypass_is_the_sanitisers_or_reviewed():
    assert bypasses() == REVIEWED, "A new |safe or mark_safe: route the text through articles.rendering instead."


def test_the_markdown_filter_is_render_markdown():
    from articles.templatetags.vetted import markdown

    assert str(markdown("<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))")).strip() == (
        '<p><a rel="noopener noreferrer">x</a></p>'
    )
