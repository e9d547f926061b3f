import json
import re

from django.urls import reverse

from articles.rendering import PLAIN, PROFESSIONAL, render_revision
from editorial import services
from tests.factories import ReferenceFactory, make_article, publish


def test_plain_register_uses_plain_text_and_falls_back_to_professional_per_field(staff):
    revision = make_article(
        actor=staff.author,
        plain_summary="Plain summary.",
        sections=[
            {"heading": "Causes", "body": "Professional causes.", "plain_heading": "Why", "plain_body": "Plain why."},
            {"heading": "Treatment", "body": "Professional treatment."},
        ],
    )
    plain = render_revision(revision, PLAIN)
    assert "Plain summary." in plain.summary_html
    assert [(s.heading, "Plain why." in s.html) for s in plain.sections][0] == ("Why", True)
    assert plain.sections[1].heading == "Treatment"
    assert "Professional treatment." in plain.sections[1].html

    professional = render_revision(revision, PROFESSIONAL)
    assert "A rare disease of small blood vessels." in professional.summary_html
    assert professional.sections[0].heading == "Causes"


def test_citations_are_numbered_in_reading_order_with_backlinks(staff):
    ReferenceFactory(key="first", title="First source")
    ReferenceFactory(key="second", title="Second source")
    revision = make_article(
        actor=staff.author,
        summary="Summary [@second].",
        sections=[{"heading": "A", "body": "Body [@first; @second]."}],
    )
    rendered = render_revision(revision, PROFESSIONAL)
    assert [(r.number, r.key) for r in rendered.references] == [(1, "second"), (2, "first")]
    assert 'href="#ref-1"' in rendered.summary_html
    assert rendered.references[0].backlink_ids == ("cite-1", "cite-2")
    assert rendered.references[0].anchor == "ref-1"


def test_approved_page_shows_the_pinned_reference_not_a_later_edit(staff):
    reference = ReferenceFactory(key="pinned", title="Title as approved")
    approved = publish(
        make_article(actor=staff.author, summary="Claim [@pinned]."), editor=staff.author, reviewer=staff.reviewer
    )
    reference.title = "Title corrected later"
    reference.save()
    rendered = render_revision(approved, PROFESSIONAL)
    assert "Title as approved" in rendered.references[0].html
    assert "corrected later" not in rendered.references[0].html


def test_draft_preview_reads_live_references_and_reports_unknown_keys(staff):
    ReferenceFactory(key="known", title="Known source")
    revision = make_article(actor=staff.author, summary="Claim [@known] and [@missing].")
    rendered = render_revision(revision, PROFESSIONAL)
    assert "Known source" in rendered.references[0].html
    assert rendered.unknown_keys == ("missing",)
    assert '<span class="citation-unknown">' in rendered.summary_html


def test_text_and_titles_are_sanitised(staff):
    revision = make_article(
        actor=staff.author,
        title="<script>alert(1)</script>?",
        summary='Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3))',
    )
    rendered = render_revision(revision, PROFESSIONAL)
    assert "<script" not in rendered.summary_html
    assert "onerror" not in rendered.summary_html
    assert "javascript:" not in rendered.summary_html
    assert rendered.title == "<script>alert(1)</script>?"  # plain text: the template escapes it


def test_description_is_plain_text_without_citations(staff):
    ReferenceFactory(key="src")
    revision = make_article(actor=staff.author, summary="**Bold** claim [@src] about _vessels_.")
    assert render_revision(revision, PROFESSIONAL).description == "Bold claim about vessels."


def test_section_anchors_are_unique(staff):
    revision = make_article(
        actor=staff.author, sections=[{"heading": "Same", "body": "a"}, {"heading": "Same", "body": "b"}]
    )
    anchors = [section.anchor for section in render_revision(revision, PROFESSIONAL).sections]
    assert len(set(anchors)) == 2


def test_new_revision_does_not_change_the_published_render(staff):
    approved = publish(make_article(actor=staff.author), editor=staff.author, reviewer=staff.reviewer)
    draft = services.revision_start_new(actor=staff.author, article=approved.article)
    services.revision_edit(actor=staff.author, revision=draft, expected_version=draft.version, summary="New words.")
    approved.article.refresh_from_db()
    rendered = render_revision(approved.article.published_revision, PROFESSIONAL)
    assert "New words." not in rendered.summary_html


def json_ld_of(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_rendering_takes_each_registers_headline_with_the_professional_one_as_fallback(staff):
    revision = make_article(actor=staff.author, headline="A disorder of  small vessels", also_called="CUA, calcific")
    assert render_revision(revision, PROFESSIONAL).headline == "A disorder of small vessels"  # one line
    assert render_revision(revision, PLAIN).headline == "A disorder of small vessels"
    assert render_revision(revision, PLAIN).also_called == ("CUA", "calcific")
    revision.plain_headline = "A rare illness"
    assert render_revision(revision, PLAIN).headline == "A rare illness"


def test_a_page_without_a_headline_or_other_names_shows_neither(staff, client):
    publish(
        make_article(actor=staff.author, slug="gout", title="What is gout?"),
        editor=staff.author,
        reviewer=staff.reviewer,
    )
    html = client.get(reverse("articles:for_audience", args=["gout", "healthcare-professional"])).content.decode()
    assert 'class="headline"' not in html and "Also called" not in html
    data = json_ld_of(html)
    assert "alternativeHeadline" not in data and "keywords" not in data


def test_a_hostile_headline_and_other_names_are_escaped(staff, client):
    revision = make_article(
        actor=staff.author,
        slug="gout",
        headline="<script>alert(1)</script>",
        also_called='"><img src=x onerror=alert(1)>; </script><script>alert(2)</script>',
    )
    publish(revision, editor=staff.author, reviewer=staff.reviewer)
    html = client.get(reverse("articles:for_audience", args=["gout", "healthcare-professional"])).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<script>alert(2)" not in html
    assert '<p class="headline">&lt;script&gt;alert(1)&lt;/script&gt;</p>' in html
    assert json_ld_of(html)["alternativeHeadline"] == "<script>alert(1)</script>"  # escaped as JSON, read back
