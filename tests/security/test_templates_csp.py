"""Our templates carry no inline style or script: the strict CSP (style-src and script-src 'self') refuses both.

The browser tests watch the pages they open for CSP violations; this reads every template, so a page no
browser test opens (the reference import's preview had style="width:100%") cannot carry one either.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
INLINE = {
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "an inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I),
}


def test_no_template_has_inline_style_or_script():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
            found += [
                f"{path.relative_to(settings.BASE_DIR)}: {what}" for what, rule in INLINE.items() if rule.search(text)
            ]
    assert found == []


def test_the_check_sees_what_it_looks_for():
    samples = {
        '<table style="width:100%">': "a style attribute",
        "<style>p {}</style>": "a <style> element",
        '<a href="#" onclick="go()">': "an event handler attribute",
        "<script>alert(1)</script>": "an inline script",
    }
    for html, what in samples.items():
        assert INLINE[what].search(html), html
    assert not INLINE["an inline script"].search('<script src="/static/vetted/article-slug.js"></script>')
    assert not INLINE["an inline script"].search('<script type="application/ld+json">{}</script>')
