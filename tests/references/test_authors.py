"""Author lists a source cut short ("and others" in BibTeX): imported as "et al", printed "et al." in AMA
style, and written back in each export format's own words."""

import json

import pytest

from references.authors import ET_AL, is_et_al, join_authors, split_authors
from references.exporters import to_bibtex, to_ris
from references.formatting import ama_authors, format_ama_text
from references.importers import parse_text
from references.services import key_base

BIBTEX = """@article{nigwekar2018,
  author = {Nigwekar, Sagar U. and Thadhani, Ravi and others},
  title = {Calciphylaxis},
  journal = {N Engl J Med},
  year = {2018},
  volume = {378},
  pages = {1704--1714}
}"""
RIS = "\n".join(
    [
        "TY  - JOUR",
        "AU  - Nigwekar, Sagar U.",
        "AU  - Thadhani, Ravi",
        "AU  - et al.",
        "TI  - Calciphylaxis",
        "JO  - N Engl J Med",
        "PY  - 2018",
        "ER  - ",
        "",
    ]
)
CSL_JSON = json.dumps(
    [
        {
            "type": "article-journal",
            "title": "Calciphylaxis",
            "container-title": "N Engl J Med",
            "issued": {"date-parts": [[2018]]},
            "author": [{"family": "Nigwekar", "given": "Sagar U."}, {"family": "Thadhani", "given": "Ravi"}]
            + [{"literal": "others"}],
        }
    ]
)


@pytest.mark.parametrize("name", ["others", "Others", "and others", "et al", "et al.", "Et Al.", "et. al.", "et alii"])
def test_the_ways_sources_say_et_al(name):
    assert is_et_al(name)


@pytest.mark.parametrize("name", ["Otherson J", "Etal K", "Al-Rashid M", "KDIGO Work Group", "Alder T"])
def test_authors_are_not_mistaken_for_et_al(name):
    assert not is_et_al(name)


def test_the_marker_is_stored_once_and_last():
    assert join_authors(["Nigwekar SU", "others", "Thadhani R", "et al."]) == "Nigwekar SU\nThadhani R\net al"
    assert split_authors("Nigwekar SU\nThadhani R\net al") == (["Nigwekar SU", "Thadhani R"], True)
    assert split_authors("Nigwekar SU") == (["Nigwekar SU"], False)


@pytest.mark.parametrize("text, fmt", [(BIBTEX, "bibtex"), (RIS, "ris"), (CSL_JSON, "csl_json")])
def test_imports_store_a_cut_short_list_with_the_et_al_marker(text, fmt):
    (record,) = parse_text(text, fmt)
    assert record["authors"] == f"Nigwekar SU\nThadhani R\n{ET_AL}"


@pytest.mark.parametrize(
    "authors, expected",
    [
        ("Nigwekar SU\nThadhani R\net al", "Nigwekar SU, Thadhani R, et al"),
        ("Nigwekar SU\nothers", "Nigwekar SU, et al"),  # as an older row or an editor may have written it
        ("A B\nC D\nE F\nG H\nI J\net al.", "A B, C D, E F, et al"),  # AMA: at most three before "et al"
        ("A B\nC D\nE F\nG H\nI J\nK L", "A B, C D, E F, G H, I J, K L"),  # six listed: all of them
        ("A B\nC D\nE F\nG H\nI J\nK L\nM N", "A B, C D, E F, et al"),
        ("others", ""),
    ],
)
def test_ama_prints_et_al_for_a_list_cut_short(authors, expected):
    assert ama_authors(authors) == expected


def test_the_entry_reads_et_al_with_its_full_stop():
    (record,) = parse_text(BIBTEX, "bibtex")
    assert format_ama_text({**record, "type": "research"}) == (
        "Nigwekar SU, Thadhani R, et al. Calciphylaxis. N Engl J Med. 2018;378:1704-1714."
    )


def test_bibtex_export_writes_and_others_and_reads_back_the_same():
    (record,) = parse_text(BIBTEX, "bibtex")
    exported = to_bibtex([{**record, "type": "research"}])
    assert "author = {Nigwekar, S. U. and Thadhani, R. and others}" in exported
    assert "et al" not in exported and "{others}" not in exported
    (again,) = parse_text(exported, "bibtex")
    assert again["authors"] == record["authors"]


def test_ris_export_ends_the_list_with_et_al():
    (record,) = parse_text(BIBTEX, "bibtex")
    exported = to_ris([{**record, "type": "research"}])
    assert "AU  - Thadhani, R.\nAU  - et al.\n" in exported
    (again,) = parse_text(exported, "ris")
    assert again["authors"] == record["authors"]


def test_citation_keys_come_from_the_first_named_author():
    assert key_base("Nigwekar SU\net al", 2018) == "nigwekar2018"
    assert key_base("others", 2018, "Calciphylaxis in dialysis") == "calciphylaxis2018"
