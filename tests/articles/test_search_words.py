"""What a reader types finds what the article says (issue 14, point 13): either spelling, the article's other
names, snippets in the reader's wording without Markdown.

These run on the database the suite runs on: SQLite here (the fallback's patterns) and PostgreSQL in CI
(the folded vectors); the ``postgres`` tests check what only PostgreSQL does.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import SearchDocument
from articles.search import search_published, strip_markup
from tests.factories import ReferenceFactory, make_article, publish

# (what the article says, what the reader types): both directions of the spellings the issue names, and the
# common patterns (-our/-or, -ise/-ize, -re/-er, oe/e).
SPELLINGS = [
    ("hyperkalaemia", "hyperkalemia"),
    ("hyperkalemia", "hyperkalaemia"),
    ("anaemia", "anemia"),
    ("anemia", "anaemia"),
    ("oesophagus", "esophagus"),
    ("esophagus", "oesophagus"),
    ("paediatric", "pediatric"),
    ("pediatric", "paediatric"),
    ("tumours", "tumor"),
    ("tumor", "tumour"),
    ("hospitalised", "hospitalized"),
    ("hospitalized", "hospitalised"),
    ("millilitres", "milliliters"),
    ("diarrhoea", "diarrhea"),
]


def results(query: str, **options) -> list:
    return list(search_published(query, **options).page(1))


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_either_spelling_finds_the_other_and_the_snippet_marks_the_articles_word(staff, written, typed):
    summary = f"Children with {written} need care. Nothing else here."
    publish(
        make_article(actor=staff.author, slug="spelt", summary=summary), editor=staff.author, reviewer=staff.reviewer
    )
    publish(
        make_article(actor=staff.author, slug="other", summary="Gout."), editor=staff.author, reviewer=staff.reviewer
    )
    [result] = results(typed)
    assert result.article.slug == "spelt"
    # The article's own word is marked (from its start: SQLite's fallback marks the part typed, "tumour|s").
    assert re.search(rf"with <mark>{written[:5]}\w*</mark>\w* need care", result.snippet_html), result.snippet_html


def test_a_query_of_several_words_in_the_other_spelling_finds_the_article(staff):
    summary = "Paediatric anaemia and oesophageal tumours."
    publish(make_article(actor=staff.author, slug="uk", summary=summary), editor=staff.author, reviewer=staff.reviewer)
    [result] = results("pediatric anemia esophageal tumor")
    assert result.article.slug == "uk"
    for word in ("Paediatric", "anaemia", "oesophageal", "tumour"):
        assert f"<mark>{word}" in result.snippet_html
    assert results("pediatric anemia zzzyzzy") == []  # every word must still be found


def test_the_articles_other_names_find_it_and_show_as_the_snippet(staff):
    revision = make_article(
        actor=staff.author,
        slug="calciphylaxis",
        summary="A rare disease of small blood vessels.",
        also_called="calcific uraemic arteriolopathy; CUA",
    )
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    [result] = results("CUA")
    assert result.article.slug == "calciphylaxis"
    assert result.snippet_html == "Also called: calcific uraemic arteriolopathy; <mark>CUA</mark>"
    [result] = results("uremic arteriolopathy")  # the other spelling of another name
    assert "<mark>uraemic</mark> <mark>arteriolopathy</mark>" in result.snippet_html
    [result] = results("small vessels")  # a match in the text itself shows the text
    assert result.snippet_html.startswith("A rare disease of <mark>small</mark>")


def test_other_names_are_part_of_the_published_revision_only(staff):
    first = publish(make_article(actor=staff.author, slug="gout"), editor=staff.author, reviewer=staff.reviewer)
    from editorial import services

    draft = services.revision_start_new(actor=staff.second_editor, article=first.article)
    services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, also_called="podagra")
    assert results("podagra") == []  # a draft's names are not searchable


def test_snippets_come_from_the_readers_register(staff):
    revision = make_article(
        actor=staff.author,
        slug="gout",
        summary="Monosodium urate crystal arthropathy.",
        plain_summary="Crystals of uric acid make a joint painful.",
        sections=[{"heading": "Treatment", "body": "Colchicine reduces flares."}],
    )
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    [clinician] = results("colchicine")
    [patient] = results("colchicine", register="plain")
    assert clinician.snippet_html.startswith("Monosodium urate crystal arthropathy.")
    assert patient.snippet_html.startswith("Crystals of uric acid make a joint painful.")
    assert "<mark>Colchicine</mark>" in patient.snippet_html  # no plain body: the page shows the professional one
    [patient] = results("crystals uric", register="plain")  # plain words find the article too
    assert "<mark>Crystals</mark> of <mark>uric</mark>" in patient.snippet_html


def test_snippets_hold_no_markdown_markers(staff):
    ReferenceFactory(key="nigwekar2018")
    body = (
        "# Dosing\n\n**Important:** give _sodium thiosulfate_ [@nigwekar2018].\n\n"
        "| Patient | Dose |\n|:---|--:|\n| Adult on haemodialysis | 25 g |\n\n"
        "1. First [step](https://example.org/step) \\*literally\\*\n  - nested `code`\n> quoted"
    )
    revision = make_article(actor=staff.author, slug="sts", sections=[{"heading": "Treatment", "body": body}])
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    [result] = results("thiosulfate")
    snippet = result.snippet_html
    for marker in ("**", "[@", "#", "|", "---", "](", "`", "&gt; quoted", "\\", "1. First"):
        assert marker not in snippet, (marker, snippet)
    assert "Important: give <mark>sodium</mark> <mark>thiosulfate</mark>" in snippet or (
        "Important: give sodium <mark>thiosulfate</mark>" in snippet
    )
    assert "Patient Dose Adult on haemodialysis 25 g First step literally nested code quoted" in snippet


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**bold** and __strong__, *em* and _em_", "bold and strong, em and em"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("## Heading\n> quote\n- item\n+ item\n* item\n12. item", "Heading quote item item item item"),
        ("| a | b |\n|:-:|---|\n| 1 | 2 |", "a b 1 2"),
        ("| a |\n|---|\n| 1 |", "a 1"),  # one column
        ("a\n\n---\n\nb", "a b"),  # a rule
        ("[link text](https://example.org) ![alt](x.png)", "link text alt"),
        ("Calcium [@a; @b] and [@c].", "Calcium and."),
        ("Escaped \\* star and \\# hash", "Escaped star and hash"),
        ("25 g ~3 times, 5 < 6 > 4", "25 g ~3 times, 5 < 6 > 4"),
    ],
)
def test_strip_markup_leaves_the_words_a_reader_sees(markdown, text):
    assert strip_markup(markdown) == text


def test_search_page_uses_the_wording_asked_for_and_links_to_that_audiences_page(client, staff):
    revision = make_article(
        actor=staff.author, slug="gout", summary="Urate arthropathy.", plain_summary="A painful joint from crystals."
    )
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    html = client.get(reverse("articles:search"), {"q": "crystals", "for": "patient-or-caregiver"}).content.decode()
    assert "A painful joint from <mark>crystals</mark>." in html and "Urate arthropathy." not in html
    assert 'href="/articles/gout/for/patient-or-caregiver/"' in html
    assert "Results in the wording for <strong>patient or caregiver</strong>" in html
    assert 'href="?q=crystals&amp;for=healthcare-professional"' in html  # and the other wordings are offered
    assert '<input type="hidden" name="for" value="patient-or-caregiver">' in html  # searching again keeps it

    response = client.get(reverse("articles:search"), {"q": "crystals"})  # no choice: the default audience's
    html = response.content.decode()
    assert "Urate arthropathy." in html and 'href="/articles/gout/"' in html
    assert "Cookie" in response["Vary"]


def test_search_follows_the_audience_the_reader_chose_on_an_article(client, staff):
    publish(make_article(actor=staff.author, slug="gout"), editor=staff.author, reviewer=staff.reviewer)
    client.cookies["vetted_audience"] = "patient-or-caregiver"
    response = client.get(reverse("articles:search"), {"q": "gout", "page": "1"})
    assert response.status_code == 302
    assert response.url == "/search/?q=gout&for=patient-or-caregiver&page=1"
    assert "private" in response["Cache-Control"]
    client.cookies["vetted_audience"] = "no-such-audience"  # a stale cookie: the default audience, no loop
    assert client.get(reverse("articles:search"), {"q": "gout"}).status_code == 200


def test_the_site_search_box_on_an_article_page_carries_its_audience(client, staff):
    publish(make_article(actor=staff.author, slug="gout"), editor=staff.author, reviewer=staff.reviewer)
    html = client.get(reverse("articles:for_audience", args=["gout", "student"])).content.decode()
    form = html[html.index('<form class="site-search"') : html.index("</form>", html.index('class="site-search"'))]
    assert '<input type="hidden" name="for" value="student">' in form


def test_reindex_search_writes_every_published_document_again(staff, capsys):
    publish(
        make_article(actor=staff.author, slug="gout", summary="Tophi and anaemia."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    SearchDocument.objects.filter(article__slug="gout").update(search_text="stale", plain_text="", also_called="")
    call_command("reindex_search")
    assert "Search documents written: 1." in capsys.readouterr().out
    assert SearchDocument.objects.get().search_text.startswith("Tophi and anaemia.")
    assert [result.article.slug for result in results("anemia")] == ["gout"]


@pytest.mark.postgres
def test_postgres_vectors_hold_folded_spellings_and_names_weigh_most(staff):
    from django.db import connection

    publish(
        make_article(actor=staff.author, slug="a-named", summary="Rare.", also_called="oesophageal atresia"),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    publish(
        make_article(actor=staff.author, slug="b-mentioned", summary="Esophageal atresia is mentioned."),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT vector::text FROM {SearchDocument._meta.db_table} ORDER BY article_id")  # noqa: S608
        named, mentioned = (row[0] for row in cursor.fetchall())
    assert re.search(r"'esophag':\d+A[ ,]", named) and "oesophag" not in named  # folded, and weighted as a name
    assert re.search(r"'esophag':\d+C[ ,]", mentioned)
    assert [result.article.slug for result in results("esophageal atresia")] == ["a-named", "b-mentioned"]


@pytest.mark.postgres
def test_postgres_a_page_in_either_register_is_still_one_query(staff, django_assert_num_queries):
    for number in range(3):
        revision = make_article(
            actor=staff.author, slug=f"topic-{number}", summary="Paediatric anaemia.", plain_summary="Low blood."
        )
        publish(revision, editor=staff.author, reviewer=staff.reviewer)
    for register in ("professional", "plain"):
        with django_assert_num_queries(1):
            page = search_published("pediatric anemia", register=register).page(1)
            assert len(page) == 3
    assert all(result.snippet_html.startswith("Low blood.") for result in page)  # the plain text, matched or not


@pytest.mark.postgres
def test_postgres_the_search_page_reads_the_audiences_and_one_page_query(client, staff, django_assert_num_queries):
    publish(
        make_article(actor=staff.author, slug="gout", summary="Anaemia."), editor=staff.author, reviewer=staff.reviewer
    )
    with django_assert_num_queries(2):  # the audiences (to pick the wording), then the page with its count
        response = client.get(reverse("articles:search"), {"q": "anemia", "for": "patient-or-caregiver"})
    assert response.status_code == 200 and "1 article found" in response.content.decode()
