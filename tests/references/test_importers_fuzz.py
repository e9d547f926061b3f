"""Whatever bytes arrive, an importer either returns records or raises ImportFileError (never crashes)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from references.importers import FORMATS, ImportFileError, decode_file, parse_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RIS_LINES = st.lists(
    st.one_of(
        st.sampled_from(["TY  - JOUR", "ER  - ", "AU  - ", "PY  - 20x5", "DO  - 10.1/x", "SP  - 5", "  cont"]),
        st.builds(
            lambda tag, value: f"{tag}  - {value}", st.sampled_from(["TI", "AU", "T2", "AN", "UR", "XX"]), st.text()
        ),
    ),
    max_size=30,
)


def read(data: bytes, name: str, fmt: str = "") -> None:
    try:
        detected, text = decode_file(data, name, fmt)
        for record in parse_text(text, detected):
            assert isinstance(record, dict) and "source" in record
    except ImportFileError as error:
        assert str(error)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([""] + list(FORMATS)))
def test_random_bytes(data, fmt):
    read(data, "upload.bin", fmt)


@FUZZ
@given(RIS_LINES)
def test_ris_like_text(lines):
    read("\n".join(lines).encode(), "x.ris", "ris")


@FUZZ
@given(st.text(alphabet='@{}=,"\\ \nabcdeKR0123%', max_size=400))
def test_bibtex_like_text(text):
    read(("@article{" + text).encode(), "x.bib", "bibtex")


@FUZZ
@given(st.text(alphabet="<>/=\"' PubmedArticlePMIDAuthor&;#x1!DOCTYPE[]", max_size=400))
def test_xml_like_text(text):
    read(("<PubmedArticleSet>" + text).encode(), "x.xml", "pubmed_xml")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "author", "issued", "date-parts", "DOI", "PMID", "type", "family", "page", "id"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(st.lists(JSON_VALUES, max_size=5))
def test_csl_json_like_values(items):
    read(json.dumps(items).encode(), "x.json", "csl_json")


@FUZZ
@given(st.text(alphabet="PMIDTAUJVGLC- 0123456789[doi]\n ", max_size=400))
def test_medline_like_text(text):
    read(("PMID- 1\n" + text).encode(), "x.nbib", "medline")


def test_csl_json_author_parts_that_are_not_text_become_text():
    """Found by the property test above: {"family": true} was a server error instead of a record."""
    data = json.dumps([{"title": "T", "author": [{"family": True, "given": "Ada"}]}])
    [record] = list(parse_text(data, "csl_json"))
    assert record["authors"] == "True A"
