from references.formatting import format_ama, type_label
from tests.factories import ReferenceFactory


def test_format_ama_orders_fields_and_links_doi_and_pubmed(db):
    reference = ReferenceFactory(
        key="n2018",
        type="review",
        authors="Nigwekar SU\nThadhani R",
        title="Calciphylaxis",
        container="N Engl J Med",
        year=2018,
        volume="378",
        issue="18",
        pages="1704-1714",
        doi="10.1056/NEJMra1505292",
        pmid="29719190",
    )
    html = format_ama(reference)
    text_order = ["Nigwekar SU, Thadhani R.", "Calciphylaxis.", "N Engl J Med.", "2018;378(18):1704-1714."]
    positions = [html.index(part) for part in text_order]
    assert positions == sorted(positions)
    assert 'href="https://doi.org/10.1056/NEJMra1505292"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/29719190/"' in html
    assert type_label(reference) == "Review"


def test_format_ama_escapes_every_field_of_a_snapshot():
    html = format_ama(
        {"title": "<script>x</script>", "authors": "A <b>B</b>", "container": "J & K", "type": "guideline"}
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "J &amp; K" in html
    assert type_label({"type": "guideline"}) == "Guideline"


def test_more_than_six_authors_become_et_al():
    html = format_ama({"authors": "\n".join(f"Author{i} A" for i in range(8)), "title": "T"})
    assert "Author0 A, Author1 A, Author2 A, et al." in html
