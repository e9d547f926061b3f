"""The sanitising path (articles.rendering) against known payloads and generated input."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.rendering import render_markdown, sanitize_html
from references.citations import link_citations
from tests.hostile.html_safety import fragment_problems
from tests.hostile.payloads import PAYLOADS


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_to_allowlisted_html_only(payload):
    html = render_markdown(payload)
    assert fragment_problems(html) == [], html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inside_ordinary_prose_and_citations_stays_harmless(payload):
    texts, _ = link_citations([f"Calciphylaxis [@nigwekar2015] is rare.\n\n{payload}\n\nSee [@a; @b]."], lambda k: k)
    html = render_markdown(texts[0])
    assert fragment_problems(html) == [], html
    assert '<sup id="cite-1" class="citation">' in html  # our own markup survives next to the payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitising_is_idempotent_on_payloads(payload):
    html = render_markdown(payload)
    assert sanitize_html(html) == html


def test_citation_markup_keeps_its_ids_classes_and_links():
    texts, _ = link_citations(["One [@a; @b; @c] and [@zz-unknown]."], lambda k: None if k.startswith("zz") else k)
    html = render_markdown(texts[0])
    assert '<sup id="cite-1" class="citation"><a href="#ref-1" class="citation-link"' in html
    assert '<span class="citation-unknown">unknown source: zz-unknown</span>' in html


def test_author_written_ids_and_classes_are_dropped():
    html = render_markdown('<a id="admin" class="button danger" href="#x">x</a> <sup id="__proto__">y</sup>')
    assert "id=" not in html and "class=" not in html


def test_only_http_https_and_mailto_links_survive():
    html = render_markdown("[a](https://vetted.example) [b](mailto:x@vetted.example) [c](ftp://x) [d](tel:1)")
    assert 'href="https://vetted.example"' in html and 'href="mailto:x@vetted.example"' in html
    assert "ftp:" not in html and "tel:" not in html


# Generated input: ordinary prose, Markdown syntax, HTML fragments and the payloads, mixed at random.
FRAGMENTS = [
    "<", ">", "</", "/>", '"', "'", "=", "&", "&#", "&#x", ";", "`", "[", "]", "(", ")", "!", "*", "_", "#",
    "\n", "\n\n", "    ", "> ", "- ", "1. ", "|", "<a href=", "<img src=", "<svg", "<math", "<script>",
    "</script>", "<style>", "<!--", "-->", "javascript:", "JaVaScRiPt&#58;", "data:text/html,", "vbscript:",
    " onerror=", " onclick=", "alert(1)", "http://evil.example/", "[x](", "![x](", "[x]: ", "<http:", "[@k]",
    "[@a; @b]", '<sup id="cite-1" class="citation">', '<a href="#ref-1" class="citation-link">', "\x00", "\t",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(PAYLOADS), st.text(max_size=12)), max_size=30
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
@example("[x](javascript:alert(1))")
@example('<a href="jav&#x09;ascript:alert(1)">x</a>')
def test_rendered_output_never_leaves_the_allowlist(text):
    html = render_markdown(text)
    assert fragment_problems(html) == [], html


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
# Found by Hypothesis: nh3 nested a <p> in a <p> around removed tags, which a browser reads differently.
@example('<script>alert(1)</script>&#;<button formaction="javascript:alert(1)">x</button><script>alert(1)</script>')
def test_sanitising_rendered_output_again_changes_nothing(text):
    html = render_markdown(text)
    assert sanitize_html(html) == html


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_sanitiser_alone_never_leaves_the_allowlist(text):
    assert fragment_problems(sanitize_html(text)) == []


# Dangerous URLs disguised the ways browsers forgive: mixed case, entities, embedded whitespace and
# control characters, leading spaces; put in every place Markdown or HTML takes a URL.
@st.composite
def disguised_url(draw):
    scheme = draw(st.sampled_from(["javascript", "vbscript", "data", "livescript"]))
    letters = []
    for letter in scheme + ":":
        letter = letter.upper() if draw(st.booleans()) else letter
        form = draw(st.sampled_from(["plain", "plain", "decimal", "hex", "named"]))
        if form == "decimal":
            letter = f"&#{ord(letter)};"
        elif form == "hex":
            letter = f"&#x{ord(letter):x};"
        elif form == "named" and letter == ":":
            letter = "&colon;"
        letters.append(letter + draw(st.sampled_from(["", "", "", "\t", "\n", "&#x09;", "&#10;", "\x00", "\x01"])))
    payload = "text/html,<script>alert(1)</script>" if scheme == "data" else "alert(1)"
    return draw(st.sampled_from(["", " ", "\x01", "&#32;"])) + "".join(letters) + payload


URL_CONTEXTS = [
    "[click]({url})",
    "[click](<{url}>)",
    "![image]({url})",
    "[click][r]\n\n[r]: {url}",
    "<{url}>",
    '<a href="{url}">click</a>',
    "<a href='{url}'>click</a>",
    "<a href={url}>click</a>",
    '<a title="x" href="{url}" id="cite-1" class="citation">click</a>',
]


@settings(max_examples=400, deadline=None)
@given(disguised_url(), st.sampled_from(URL_CONTEXTS))
def test_disguised_dangerous_urls_never_survive_as_links(url, context):
    html = render_markdown(context.format(url=url))
    assert fragment_problems(html) == [], html


def test_numeric_reference_to_a_control_character_leaves_none_behind():
    """Found by Hypothesis: Markdown turns "&#1" into "&#1;", which nh3 decoded into U+0001."""
    html = render_markdown("&#1. ")
    assert "\x01" not in html
    assert sanitize_html(html) == html
