"""The article page reads the same, byte for byte, however it is built (issue 19, point 5).

The goldens in ``golden_cold19/`` are every published demo article's page for every audience (and at the
audience-less address), as the templates rendered them before the cold page was made faster. Only what
changes from one day to the next is masked: the demo's decisions are dated the day ``seed_demo`` runs.
To write them again after a deliberate change to the page: ``VETTED_WRITE_GOLDEN=1 pytest`` this file,
then read the diff.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article, Audience

GOLDEN = Path(__file__).parent / "golden_cold19"
WRITE = os.environ.get("VETTED_WRITE_GOLDEN") == "1"

# The demo's dates are "today" and days around it: an ISO date or time, and the page's spelled-out date.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_RE = re.compile(rf"\d{{4}}-\d\d-\d\d(?:T[\d:.]+(?:[+-]\d\d:\d\d|Z)?)?|(?:{MONTHS}) \d{{1,2}}, \d{{4}}")


def masked(html: str) -> str:
    return DATE_RE.sub("DATE", html)


def collapsed(html: str) -> str:
    """A run of whitespace reads as one space in HTML (the page has no <pre> outside the stored text, which
    is inserted as it is): the faster code need not copy the templates' indentation and blank lines."""
    return re.sub(r"\s+", " ", html)


def demo_pages() -> list[tuple[str, str]]:
    """Every published demo article at each audience's address, and at the audience-less address, which
    serves the default audience's page byte for byte (so it is checked against that audience's golden)."""
    pages = []
    default = Audience.objects.get(is_default=True).slug
    for slug in (
        Article.objects.filter(published_revision__isnull=False).order_by("slug").values_list("slug", flat=True)
    ):
        pages.append((f"{slug}--{default}.html", reverse("articles:detail", args=[slug])))
        for audience in Audience.objects.order_by("slug").values_list("slug", flat=True):
            pages.append((f"{slug}--{audience}.html", reverse("articles:for_audience", args=[slug, audience])))
    return pages


def test_every_demo_article_page_matches_its_golden(client, demo):
    pages = demo_pages()
    assert len(pages) >= 40  # every published demo article, four addresses each
    for name, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = masked(response.content.decode())
        golden = GOLDEN / name
        if WRITE:
            golden.write_text(html)
        assert collapsed(html) == collapsed(golden.read_text()), f"{path} differs from {golden.name}"


@pytest.mark.skipif(WRITE, reason="the goldens are being written")
def test_goldens_cover_the_page_s_rich_parts():
    """The goldens hold what the faster code must keep: a retraction notice, disclosures, what changed, a
    grade, an update under review, confirmed-current and other reviewers' credits, each audience's chooser."""
    text = "".join(path.read_text() for path in GOLDEN.glob("*.html"))
    for part in [
        'class="retraction-notice"',
        'class="disclosures"',
        'class="what-changed"',
        'class="grade',
        'class="update-notice"',
        'class="confirmed-by"',
        'class="also-reviewed"',
        'class="literature-checked"',
        'class="evidence-level"',
        'aria-current="page"',
    ]:
        assert part in text, part
