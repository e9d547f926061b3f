"""The search page reads the same, byte for byte, however it is built (issue 19, point 5).

The goldens in ``golden_searchpage/<database>/`` are the demo site's search pages as the templates rendered
them before the results markup moved to Python (``articles/search_html.py``): every audience and none, no
results, capped results ("More than"), pages of results, the empty query and hostile queries. One set per
backend, because the two order and mark results differently (ranked by PostgreSQL, newest first on SQLite).
Nothing is masked: the page holds no dates. To write them again after a deliberate change to the page:
``VETTED_WRITE_GOLDEN=1 pytest`` this file (on each backend), then read the diff.
"""

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import search
from articles.models import Audience
from tests.hostile.payloads import EVENT_HANDLERS, SCRIPT_TAGS

WRITE = os.environ.get("VETTED_WRITE_GOLDEN") == "1"
ROOT = Path(__file__).parent / "golden_searchpage"

# A word in most demo articles, one in a few, two words, British and American spellings, a phrase, a negation,
# and queries a reader (or an attacker) might type: markup, quotes, SQL, FTS5 and tsquery syntax, a NUL.
QUERIES = {
    "calcium": "calcium",
    "kidney": "kidney",
    "vessels-calcium": "vessels calcium",
    "anaemia": "anaemia",
    "anemia": "anemia",
    "phrase": '"vitamin K"',
    "negation": "warfarin -bleeding",
    "vitamin-k": "vitamin K",
    "no-results": "zzzyzzy",
    "short-word": "K",
    "ampersand": "calcium & phosphate",
    "sql": "' OR 1=1 --",
    "fts-syntax": 'calcium* NEAR("a" b) OR ^x',
    "tsquery-syntax": "calcium & !vessels | (:* <->",
    "quotes": '"calc\' ""',
    "nul": "calcium\x00vessels",
    "long": "calcium " * 40,
    **{f"script-{number}": payload for number, payload in enumerate(SCRIPT_TAGS)},
    **{f"event-{number}": payload for number, payload in enumerate(EVENT_HANDLERS)},
}


WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE"}


def golden_dir() -> Path:
    return ROOT / connection.vendor


def address(**params) -> str:
    return reverse("articles:search") + ("?" + urlencode(params) if params else "")


def check(name: str, response) -> None:
    """The response's status, its redirect if any, and its body, as the golden has them."""
    location = f"Location: {response['Location']}\n" if response.has_header("Location") else ""
    text = f"{response.status_code}\n{location}\n{response.content.decode()}"
    golden = golden_dir() / f"{name}.html"
    if WRITE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text(), f"{name} differs from {golden}"


def test_search_pages_for_every_audience_match_their_goldens(client, demo):
    audiences = list(Audience.objects.order_by("slug").values_list("slug", flat=True))
    assert len(audiences) >= 3
    check("empty", client.get(address()))
    check("blank", client.get(address(q="   ")))
    for name, query in QUERIES.items():
        check(name, client.get(address(q=query)))
    for audience in audiences:
        for name in ("calcium", "kidney", "anaemia", "no-results", "script-0", "vessels-calcium"):
            check(f"{name}--{audience}", client.get(address(q=QUERIES[name], **{"for": audience})))
    check("unknown-audience", client.get(address(q="calcium", **{"for": "nobody"})))


def test_hostile_queries_are_answered_and_write_nothing(client, demo):
    """Every query above gets its page (200, the query echoed escaped) and the database sees only reads."""
    with CaptureQueriesContext(connection) as queries:
        for query in QUERIES.values():
            response = client.get(address(q=query))
            assert response.status_code == 200, query
            assert "<script" not in response.content.decode().lower().replace('<script type="application/ld+json"', "")
    writes = [sql for sql in (entry["sql"] for entry in queries) if sql.split()[0].upper() in WRITES]
    assert queries and not writes, writes


def test_remembered_audience_redirects_as_before(client, demo):
    client.cookies["vetted_audience"] = "student"
    check("remembered", client.get(address(q="calcium", page="2")))
    client.cookies["vetted_audience"] = "nobody"
    check("remembered-unknown", client.get(address(q="calcium")))


def test_pages_of_results_match_their_goldens(client, demo, monkeypatch):
    """Three results a page, so the demo's matches span pages: the first, a middle, the last, one past it
    (404), a page that is not a number (404), for the default audience and one named."""
    monkeypatch.setattr(search.query, "RESULTS_PER_PAGE", 3)
    first = client.get(address(q="kidney"))
    pages = first.context["page"].paginator.num_pages
    assert pages >= 3
    for number in ("1", "2", str(pages), str(pages + 1), "x", "0", "-1", "1.5"):
        check(f"kidney-page-{number}", client.get(address(q="kidney", page=number)))
        check(f"kidney-page-{number}--student", client.get(address(q="kidney", page=number, **{"for": "student"})))


def test_capped_results_match_their_goldens(client, demo, monkeypatch):
    """More matches than ``RANK_AT_MOST``: the page says "More than", on one page and over several."""
    monkeypatch.setattr(search.query, "RANK_AT_MOST", 4)
    check("kidney-capped", client.get(address(q="kidney")))
    monkeypatch.setattr(search.query, "RESULTS_PER_PAGE", 3)
    check("kidney-capped-page-1", client.get(address(q="kidney")))
    check("kidney-capped-page-2", client.get(address(q="kidney", page="2", **{"for": "patient-or-caregiver"})))


@pytest.mark.skipif(WRITE, reason="the goldens are being written")
def test_goldens_cover_the_page_s_parts():
    """The goldens hold what the faster code must keep."""
    goldens = [path.read_text() for path in golden_dir().glob("*.html")]
    assert any(golden.startswith("404\n") for golden in goldens)
    assert any(golden.startswith("302\nLocation: ") for golden in goldens)
    text = "".join(goldens)
    for part in [
        "More than 4 articles found",
        "No articles found for",
        'rel="next"',
        'rel="prev"',
        'class="search-wording"',
        "<mark>",
        "&lt;script&gt;",
        'aria-current="page"',
        "; page 2 of",
    ]:
        assert part in text, part
