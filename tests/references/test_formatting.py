"""AMA formatting, one hand-checked expected string per reference type (AMA Manual of Style, 11th ed.)."""

import pytest

from references.formatting import doi_url, format_ama, format_ama_text, pubmed_url, type_label
from references.models import Reference, ReferenceType, reference_snapshot

NIGWEKAR_2015 = {
    "key": "nigwekar2015",
    "type": "review",
    "title": "Calciphylaxis: risk factors, diagnosis, and treatment",
    "authors": "Nigwekar SU\nKroshinsky D\nNazarian RM\nGoverman J\nMalhotra R\nJackson VA\nKamdar MM",
    "container": "Am J Kidney Dis",
    "year": 2015,
    "volume": "66",
    "issue": "1",
    "pages": "133-146",
    "doi": "10.1053/j.ajkd.2015.01.034",
    "pmid": "25960299",
    "url": "",
}

CASES = [
    pytest.param(
        NIGWEKAR_2015,
        "Nigwekar SU, Kroshinsky D, Nazarian RM, et al. Calciphylaxis: risk factors, diagnosis, and treatment. "
        "Am J Kidney Dis. 2015;66(1):133-146. doi:10.1053/j.ajkd.2015.01.034",
        id="review-more-than-six-authors",
    ),
    pytest.param(
        {
            "type": "research",
            "title": "Calcific uraemic arteriolopathy (calciphylaxis): data from a large nationwide registry",
            "authors": "Brandenburg VM\nKramann R\nRothe H\nKaesler N\nKorbiel J\nSpecht P",
            "container": "Nephrol Dial Transplant",
            "year": 2017,
            "volume": "32",
            "issue": "1",
            "pages": "126-132",
            "doi": "10.1093/ndt/gfv438",
        },
        "Brandenburg VM, Kramann R, Rothe H, Kaesler N, Korbiel J, Specht P. Calcific uraemic arteriolopathy "
        "(calciphylaxis): data from a large nationwide registry. Nephrol Dial Transplant. 2017;32(1):126-132. "
        "doi:10.1093/ndt/gfv438",
        id="research-six-authors-all-listed",
    ),
    pytest.param(
        {
            "type": "guideline",
            "title": "KDIGO 2017 clinical practice guideline update for CKD-MBD",
            "authors": "Kidney Disease: Improving Global Outcomes (KDIGO) CKD-MBD Update Work Group",
            "container": "Kidney Int Suppl",
            "year": 2017,
            "volume": "7",
            "issue": "1",
            "pages": "1-59",
            "doi": "10.1016/j.kisu.2017.04.001",
        },
        "Kidney Disease: Improving Global Outcomes (KDIGO) CKD-MBD Update Work Group. KDIGO 2017 clinical "
        "practice guideline update for CKD-MBD. Kidney Int Suppl. 2017;7(1):1-59. doi:10.1016/j.kisu.2017.04.001",
        id="guideline-in-a-journal",
    ),
    pytest.param(
        {
            "type": "guideline",
            "title": "Chronic kidney disease: assessment and management",
            "authors": "National Institute for Health and Care Excellence",
            "container": "NICE",
            "year": 2021,
            "url": "https://www.nice.org.uk/guidance/ng203",
        },
        "National Institute for Health and Care Excellence. Chronic kidney disease: assessment and management. "
        "NICE; 2021. https://www.nice.org.uk/guidance/ng203",
        id="guideline-published-by-an-organisation",
    ),
    pytest.param(
        {
            "type": "systematic_review",
            "title": "Sodium thiosulfate for calciphylaxis: a systematic review?",
            "authors": "Peng T\nZhuo L",
            "container": "Ren Fail",
            "year": 2018,
            "volume": "40",
            "pages": "407-412",
        },
        "Peng T, Zhuo L. Sodium thiosulfate for calciphylaxis: a systematic review? Ren Fail. 2018;40:407-412.",
        id="systematic-review-no-issue-title-ending-in-question-mark",
    ),
    pytest.param(
        {
            "type": "case_report",
            "title": "Calciphylaxis in a patient on home hemodialysis",
            "container": "J Investig Med High Impact Case Rep",
            "year": 2020,
        },
        "Calciphylaxis in a patient on home hemodialysis. J Investig Med High Impact Case Rep. 2020.",
        id="case-report-no-authors-no-volume",
    ),
    pytest.param(
        {
            "type": "book",
            "title": "Brenner and Rector's The Kidney",
            "authors": "Yu ASL\nChertow GM\nLuyckx VA",
            "container": "Elsevier",
            "year": 2019,
        },
        "Yu ASL, Chertow GM, Luyckx VA. Brenner and Rector's The Kidney. Elsevier; 2019.",
        id="book",
    ),
    pytest.param(
        {
            "type": "website",
            "title": "Calciphylaxis",
            "container": "National Kidney Foundation",
            "year": 2023,
            "url": "https://www.kidney.org/atoz/content/calciphylaxis",
        },
        "Calciphylaxis. National Kidney Foundation. Published 2023. https://www.kidney.org/atoz/content/calciphylaxis",
        id="website",
    ),
]


@pytest.mark.parametrize(("ref", "expected"), CASES)
def test_ama_text_for_each_type(ref, expected):
    assert format_ama_text(ref) == expected


def test_ama_html_italicises_the_journal_and_links_doi_and_pubmed():
    html = format_ama(NIGWEKAR_2015)
    assert "<i>Am J Kidney Dis</i>. 2015;66(1):133-146." in html
    assert 'doi:<a href="https://doi.org/10.1053/j.ajkd.2015.01.034" class="ref-doi">' in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/25960299/" class="ref-pubmed">PubMed</a>' in html


def test_ama_html_escapes_every_field():
    hostile = {
        "type": "research",
        "title": "<script>alert(1)</script>",
        "authors": 'Evil "X" <b>',
        "container": "<img src=x onerror=alert(1)>",
        "year": 2020,
        "url": "javascript:alert(1)",
    }
    html = format_ama(hostile)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "javascript:" not in html


def test_model_instance_and_snapshot_format_the_same(db):
    reference = Reference(**{k: v for k, v in NIGWEKAR_2015.items()})
    assert format_ama(reference) == format_ama(reference_snapshot(reference))


@pytest.mark.parametrize(("value", "label"), [(choice.value, choice.label) for choice in ReferenceType])
def test_type_label(value, label):
    assert type_label({"type": value}) == label


def test_links_are_empty_without_identifiers():
    assert doi_url({"doi": ""}) == "" and pubmed_url({"pmid": ""}) == ""
    assert pubmed_url({"pmid": "123"}) == "https://pubmed.ncbi.nlm.nih.gov/123/"
