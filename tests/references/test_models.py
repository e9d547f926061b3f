"""Validation wherever a reference is saved (admin, import, services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from references.models import Reference, normalise_title
from references.services import KeyAllocator, key_base, reference_save
from tests.factories import ReferenceFactory

VALID = {"key": "k", "type": "research", "title": "T", "container": "J", "year": 2015}


def errors_of(**changes) -> dict:
    reference = Reference(**{**VALID, **changes})
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"doi": "doi.org/10.1/x"}, "doi", "A DOI looks like"),
        ({"doi": "10.12/short-prefix"}, "doi", "A DOI looks like"),
        ({"pmid": "PMC123"}, "pmid", "digits only"),
        ({"year": 1500}, "year", "not a sensible publication year"),
        ({"year": datetime.date.today().year + 2}, "year", "cannot be after"),
        ({"url": "javascript:alert(1)"}, "url", "Only http:// and https://"),
        ({"url": "ftp://example.org/x"}, "url", "Only http:// and https://"),
        ({"key": "has space"}, "key", "letters, digits"),
        ({"container": ""}, "container", "A research reference needs its journal or publisher."),
        ({"year": None}, "year", "A research reference needs its year."),
        ({"type": "book", "container": ""}, "container", "A book reference needs its journal or publisher."),
        ({"type": "website", "url": ""}, "url", "A website reference needs its URL."),
        ({"type": "guideline", "authors": "", "container": ""}, "authors", "needs its authors or journal"),
    ],
)
def test_invalid_reference_is_refused(db, changes, field, words):
    assert any(words in message for message in errors_of(**changes)[field])


def test_valid_references_of_each_kind(db):
    Reference(**{**VALID, "doi": "https://doi.org/10.1053/j.ajkd.2015.01.034", "pmid": "25960299"}).full_clean()
    Reference(key="w", type="website", title="NKF", url="https://www.kidney.org/").full_clean()
    Reference(key="g", type="guideline", title="KDIGO", authors="KDIGO Work Group", year=2017).full_clean()


def test_doi_given_as_a_link_is_stored_bare(db):
    reference = Reference(**{**VALID, "doi": "https://doi.org/10.1053/j.ajkd.2015.01.034"})
    reference.full_clean()
    assert reference.doi == "10.1053/j.ajkd.2015.01.034"


def test_citation_keys_are_unique(db):
    ReferenceFactory(key="nigwekar2015")
    assert "citation key already exists" in str(errors_of(key="nigwekar2015")["key"][0]).lower()


def test_generated_key_is_first_author_year_then_a_letter(db, staff):
    ReferenceFactory(key="nigwekar2015")
    reference = Reference(**{**VALID, "key": "", "authors": "Nigwekar SU\nThadhani R"})
    assert reference_save(actor=staff.author, reference=reference).key == "nigwekar2015a"


@pytest.mark.parametrize(
    ("authors", "year", "title", "expected"),
    [
        ("Rodríguez-Peña JÁ", 2019, "", "rodriguezpena2019"),
        ("de la Cruz M", 2020, "", "delacruz2020"),
        ("Kidney Disease: Improving Global Outcomes Work Group", 2017, "", "kidney2017"),
        ("", None, "The calciphylaxis registry", "calciphylaxis" + "nd"),
        ("王 小", 2019, "Calcification", "calcification2019"),
    ],
)
def test_key_base(authors, year, title, expected):
    assert key_base(authors, year, title) == expected


def test_key_allocator_remembers_keys_given_in_the_same_run(db):
    allocator = KeyAllocator()
    assert [allocator.allocate("Smith J", 2020) for _ in range(3)] == ["smith2020", "smith2020a", "smith2020b"]


def test_normalised_title_ignores_case_accents_and_punctuation():
    assert normalise_title("Calciphylaxis: Risk-factors, DIAGNOSIS & Treatment.") == normalise_title(
        "calciphylaxis risk factors diagnosis treatment"
    )
    assert normalise_title("Calcifilaxia en hemodiálisis") == "calcifilaxia en hemodialisis"


def test_malformed_identifiers_are_refused_even_by_a_plain_save(db):
    with pytest.raises(ValidationError, match="A PMID is digits only"):
        Reference(**{**VALID, "pmid": "PMID: 1"}).save()
    with pytest.raises(ValidationError, match="Only http"):
        ReferenceFactory(key="x", url="javascript:alert(1)")
    assert not Reference.objects.exists()
