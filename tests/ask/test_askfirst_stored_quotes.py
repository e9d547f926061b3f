"""The answer page's quotes come from one query (issue 15's speed): each passage's HTML is stored sanitised
when the passage index is written, and what can change without a new approval is read live in that query
(the reviewers' names and credentials); the citations are the revision's pinned ones."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import BoardProfile
from ask import selectors
from ask.models import Passage
from ask.passages import quotable_html
from ask.retrieval import answer
from references.models import Reference
from references.services import reference_save
from tests.factories import ReferenceFactory, make_article, publish

pytestmark = pytest.mark.django_db

SECTIONS = [
    {
        "heading": "Treatment",
        "body": "Sodium thiosulfate is given intravenously [@nigwekar2015].",
        "plain_body": "A medicine is given through a drip [@nigwekar2015].",
    }
]
QUESTION = "how is sodium thiosulfate given"


@pytest.fixture
def published(staff):
    ReferenceFactory(key="nigwekar2015", title="Sodium thiosulfate for calciphylaxis", doi="10.1000/st")
    return publish(make_article(actor=staff.author, sections=SECTIONS), editor=staff.author, reviewer=staff.reviewer)


def ask(client, **extra):
    response = client.get(reverse("ask:ask"), {"q": QUESTION, "audience": "healthcare-professional", **extra})
    return response.content.decode()


def test_the_stored_passage_is_sanitised_html_without_the_pages_citation_ids(published):
    passage = Passage.objects.get(article=published.article, register="professional")
    assert 'id="cite-' not in passage.html and 'href="#ref-1"' in passage.html
    assert quotable_html(passage.html) == passage.html  # already what the single nh3 path gives


def test_hostile_markdown_is_stored_sanitised(staff):
    sections = [
        {"heading": "Treatment", "body": 'Thiosulfate <script>alert(1)</script> <img src=x onerror="alert(2)">.'}
    ]
    publish(make_article(actor=staff.author, sections=sections), editor=staff.author, reviewer=staff.reviewer)
    stored = " ".join(Passage.objects.values_list("html", flat=True))
    assert "<script" not in stored and "onerror" not in stored


def test_the_answer_page_reads_its_quotes_in_one_query(published):
    hits = answer(QUESTION, "professional").hits
    assert hits
    with CaptureQueriesContext(connection) as queries:
        quotes = selectors.quotes(hits, "healthcare-professional")
    assert len(queries) == 1
    [quote] = quotes
    assert 'href="/articles/calciphylaxis/for/healthcare-professional/#ref-1"' in quote.html
    assert quote.reviewers[0].name == "Ada Reviewer"


def test_the_citation_links_follow_the_readers_audience(published, client):
    body = ask(client, audience="student")
    assert 'href="/articles/calciphylaxis/for/student/#ref-1"' in body


def test_a_reviewers_profile_edit_in_the_admin_shows_in_the_quote_at_once(
    published, client, staff, django_capture_on_commit_callbacks
):
    """The credits are read live with the stored passage; the admin's save retires the cached answer page."""
    assert "Ada Reviewer" in ask(client)
    admin = Client()
    admin.force_login(staff.superuser)
    form = {
        "user": staff.reviewer.pk, "slug": "ada-lovelace", "display_name": "Ada Lovelace", "credentials": "MD",
        "specialty": "", "bio": "", "conflicts_of_interest": "", "listed": "on", "ordering": "0",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post("/admin/articles/boardprofile/add/", form).status_code == 302
    body = ask(client)
    assert "Ada Lovelace, MD" in body and "Ada Reviewer" not in body
    profile = BoardProfile.objects.get(slug="ada-lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/articles/boardprofile/{profile.pk}/change/", form | {"credentials": "MD, PhD"})
        assert response.status_code == 302
    assert "Ada Lovelace, MD, PhD" in ask(client)


def article_page_citations(client, slug: str) -> list[str]:
    page = client.get(reverse("articles:for_audience", args=[slug, "healthcare-professional"])).content.decode()
    return re.findall(r'<li id="(ref-\d+)"', page)


def test_a_reference_edit_leaves_quote_and_page_agreeing(published, client, staff):
    """The published revision cites pinned references (editorial's pinning): the quote shows only their
    numbers, linked to the page's list, so a library edit changes neither, and both still agree."""
    before = ask(client)
    reference = Reference.objects.get(key="nigwekar2015")
    reference.title = "A corrected title"
    reference_save(actor=staff.author, reference=reference, reason="Corrected")
    after = ask(client)
    assert re.findall(r'href="[^"]*#ref-\d+"', after) == re.findall(r'href="[^"]*#ref-\d+"', before)
    assert "ref-1" in article_page_citations(client, "calciphylaxis")
