"""articles/feeds.py: the Atom feed carries approved text only, and its HTML summary is safe to render."""

from xml.etree import ElementTree

import pytest

from tests.factories import make_article, publish

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    "summary",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt; Calcium builds up.",
        "&lt;img src=x onerror=alert(1)&gt; Calcium builds up.",
        "Calcium &amp;lt;b&amp;gt; builds up <script>alert(1)</script>.",
    ],
)
def test_the_feed_summary_renders_as_the_text_it_says_never_as_markup(client, staff, summary):
    """Found by an independent probe: entity-encoded Markdown became a real <script> in a feed reader."""
    publish(make_article(actor=staff.author, slug="fed", summary=summary), editor=staff.author, reviewer=staff.reviewer)
    response = client.get("/feed/")
    assert response.status_code == 200
    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    html = entry.find(f"{ATOM}summary")
    assert html.get("type") == "html"
    # What a feed reader renders: the summary's text, parsed as HTML. It must hold no tag at all.
    assert "<" not in html.text.replace("&lt;", "")
    assert "Calcium" in html.text
    assert "<script" not in html.text and "<img" not in html.text
