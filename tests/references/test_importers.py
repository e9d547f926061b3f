"""Each import format read from samples written like real exports (Zotero, Mendeley, PubMed)."""

from pathlib import Path

import pytest

from references.importers import ImportFileError, decode_file, parse_text
from references.importers.base import evidence_type

SAMPLES = Path(__file__).parent / "samples"


def records(name: str, fmt: str = "") -> list[dict]:
    detected, text = decode_file((SAMPLES / name).read_bytes(), name, fmt)
    return list(parse_text(text, detected))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("zotero.ris", "ris"), ("mendeley.bib", "bibtex"), ("pubmed.nbib", "medline")]
    + [("pubmed.xml", "pubmed_xml"), ("zotero.json", "csl_json")],
)
def test_format_is_detected_from_the_content(name, fmt):
    assert decode_file((SAMPLES / name).read_bytes(), "upload.txt")[0] == fmt


def test_ris_from_zotero():
    first, spanish, incomplete, website = records("zotero.ris")
    assert first["doi"] == "10.1053/j.ajkd.2015.01.034"  # exported as a doi.org URL
    assert first["pmid"] == "25960299" and first["pages"] == "133-146" and first["type"] == "review"
    assert first["authors"] == "Nigwekar SU\nKroshinsky D\nNazarian RM"
    assert first["container"] == "Am J Kidney Dis"  # Zotero's J2 abbreviation, preferred for AMA
    assert spanish["authors"].splitlines()[:2] == ["Rodríguez-Peña JÁ", "Øberg Å"]
    assert spanish["container"] == "Nefrología" and spanish["type"] == "case_report"
    assert incomplete["year"] is None and incomplete["container"] == ""
    assert website["type"] == "website" and website["url"].startswith("https://www.kidney.org/")


def test_bibtex_from_mendeley_decodes_latex_and_keeps_corporate_authors():
    nigwekar, brandenburg, kdigo, broken = records("mendeley.bib")
    assert nigwekar["key"] == "Nigwekar2015" and nigwekar["pages"] == "133-146" and nigwekar["pmid"] == "25960299"
    assert nigwekar["title"] == "Calciphylaxis: Risk Factors, Diagnosis, and Treatment"
    assert brandenburg["authors"] == "Brandenburg VM\nKrüger T\nFloege J"
    assert kdigo["authors"] == "KDIGO CKD-MBD Update Work Group" and kdigo["type"] == "guideline"
    assert kdigo["container"] == "Kidney Disease: Improving Global Outcomes"
    assert broken["doi"] == "not-a-doi"  # parsed as given; validation rejects it later


def test_medline_nbib_from_pubmed():
    nejm, ajkd = records("pubmed.nbib")
    assert nejm["pmid"] == "29719190" and nejm["doi"] == "10.1056/NEJMra1505292"
    assert nejm["pages"] == "1704-1714"  # MEDLINE's "1704-14" expanded as AMA prints it
    assert nejm["type"] == "review" and nejm["year"] == 2018 and nejm["container"] == "N Engl J Med"
    assert ajkd["title"].endswith("continues on a second line.")
    assert ajkd["doi"] == "10.1053/j.ajkd.2015.01.034"  # the [doi] AID, not the [pii]
    assert ajkd["authors"].splitlines() == ["Nigwekar SU", "Kroshinsky D", "Calciphylaxis Study Group"]
    assert ajkd["type"] == "systematic_review" and ajkd["container"].startswith("American journal of kidney")


def test_pubmed_xml_with_doctype_inline_markup_and_medline_date():
    nejm, lodz = records("pubmed.xml")
    assert nejm == {
        "source": "article 1 (PMID 29719190)",
        "type": "review",
        "title": "Calciphylaxis.",
        "authors": "Nigwekar SU\nThadhani R\nBrandenburg VM",
        "container": "N Engl J Med",  # the NLM abbreviation, as AMA prints journal names
        "year": 2018,
        "volume": "378",
        "issue": "18",
        "pages": "1704-1714",
        "doi": "10.1056/NEJMra1505292",
        "pmid": "29719190",
        "url": "",
        "study_design": "expert_opinion",  # a narrative review (issue 17)
        "retraction_status": "",
    }
    assert lodz["title"] == "Warfarin and vascular calcification in Łódź patients"
    assert lodz["authors"] == "Polish Calciphylaxis Registry\nŻółć J"
    assert lodz["year"] == 2001 and lodz["pages"] == "401-408" and lodz["type"] == "case_report"


def test_csl_json_from_zotero():
    nejm, muller, nice = records("zotero.json")
    assert nejm["doi"] == "10.1056/NEJMra1505292" and nejm["year"] == 2018 and nejm["pmid"] == "29719190"
    assert muller["authors"] == "Müller JÉ\nvan Beethoven L\nSwiss Nephrology Group"
    assert nice["type"] == "website" and nice["year"] == 2021 and nice["url"] == "ftp://example.org/nice"


def test_utf16_export_with_bom_is_read():
    data = (SAMPLES / "zotero.ris").read_text(encoding="utf-8").encode("utf-16")
    fmt, text = decode_file(data, "endnote.txt")
    assert fmt == "ris" and "Rodríguez-Peña" in text


# ---------------------------------------------------------------------------------------------
# Hostile or broken files: a clear error naming the problem


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>&lol4;</ArticleTitle>
</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        pytest.param(BILLION_LAUGHS, "bomb.xml", "declares entities", id="xml-bomb"),
        pytest.param(EXTERNAL_ENTITY, "xxe.xml", "declares entities", id="xml-external-entity"),
        pytest.param(b"<PubmedArticleSet><PubmedArticle>", "cut.xml", "malformed", id="truncated-xml"),
        pytest.param("TY  - JOUR\nAU  - Müller, J\n".encode("cp1252"), "win.ris", "not valid UTF-8", id="cp1252"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "x.ris", "binary", id="png"),
        pytest.param(bytes(range(1, 32)) * 50, "junk.bib", "binary", id="control-characters"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "deep.json", "nested too deeply", id="deep-json"),
        pytest.param(b'[{"title": "x",', "cut.json", "malformed", id="truncated-json"),
        pytest.param(b"just some words\nnothing else\n", "notes.doc", "not recognised", id="unknown-format"),
        pytest.param(b"   \n\n", "empty.ris", "empty", id="empty"),
        pytest.param(
            b"% Exported by JabRef\n@comment{jabref-meta: x}\n", "x.bib", "No references were found", id="no-records"
        ),
    ],
)
def test_hostile_or_broken_file_is_refused_with_a_clear_error(data, name, words):
    with pytest.raises(ImportFileError, match=words):
        fmt, text = decode_file(data, name)
        list(parse_text(text, fmt))


def test_a_file_over_the_size_limit_is_refused_before_decoding(settings):
    settings.VETTED_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    fifty_megabytes = b"TY  - JOUR\n" + b"\x00" * (50 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="the limit is 5242880 bytes"):
        decode_file(fifty_megabytes, "huge.ris")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Journal Article", "Review", "Systematic Review"], "systematic_review"),
        (["Guideline Adherence", "Humans"], "research"),  # a MeSH keyword, not a publication type
        (["Practice Guideline"], "guideline"),
        (["Case Reports"], "case_report"),
        (["calciphylaxis; review"], "review"),
        (["Peer Review, Research"], "research"),
    ],
)
def test_evidence_type_from_publication_types(labels, expected):
    assert evidence_type(labels) == expected
