"""PubMed XML (efetch / "Send to: File, XML"), read with defusedxml: entity declarations are refused,
so billion-laughs and external-entity files fail before any expansion happens."""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from references.importers.base import (
    ImportFileError,
    clean_doi,
    clean_text,
    evidence_type,
    expand_pages,
    join_authors,
    person,
    retraction_status,
    study_design,
    year_from,
)

XML_ENTITIES_MESSAGE = (
    "This XML file declares entities or external references, which Vetted refuses because they are "
    "a known way to attack XML parsers (billion laughs, external entities). Export it again from PubMed."
)


def looks_like(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and ("PubmedArticle" in head or "<?xml" in head)


def parse(text: str) -> Iterator[dict]:
    stream = io.BytesIO(text.encode("utf-8"))
    number = 0
    saw_root = False
    try:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=False, forbid_entities=True):
            saw_root = True
            if element.tag in ("PubmedArticle", "PubmedBookArticle"):
                number += 1
                yield record(element, number)
                element.clear()  # keep memory bounded on large files
    except DefusedXmlException:
        raise ImportFileError(XML_ENTITIES_MESSAGE) from None
    except ParseError as error:
        raise ImportFileError(f"This XML file is malformed: {error}.") from None
    if saw_root and number == 0:
        raise ImportFileError("This XML file holds no PubmedArticle elements: is it a PubMed XML export?")


def _text(element: Element | None) -> str:
    return clean_text("".join(element.itertext())) if element is not None else ""


def record(article: Element, number: int) -> dict:
    pmid = _text(article.find(".//MedlineCitation/PMID")) or _text(article.find(".//BookDocument/PMID"))
    title = _text(article.find(".//ArticleTitle")) or _text(article.find(".//BookTitle"))
    authors = []
    for author in article.iterfind(".//AuthorList/Author"):
        collective = _text(author.find("CollectiveName"))
        if collective:
            authors.append(collective)
            continue
        initials = _text(author.find("Initials"))
        family = _text(author.find("LastName"))
        authors.append(f"{family} {initials}".strip() if initials else person(family, _text(author.find("ForeName"))))
    doi = ""
    for id_element in article.iterfind(".//ArticleIdList/ArticleId"):
        if id_element.get("IdType") == "doi":
            doi = clean_doi(_text(id_element))
    for location in article.iterfind(".//ELocationID"):
        if not doi and location.get("EIdType") == "doi":
            doi = clean_doi(_text(location))
    pub_date = article.find(".//JournalIssue/PubDate")
    year_text = _text(pub_date.find("Year")) or _text(pub_date.find("MedlineDate")) if pub_date is not None else ""
    year_text = year_text or _text(article.find(".//PubDate/Year"))
    publication_types = [_text(element) for element in article.iterfind(".//PublicationType")]
    book = article.tag == "PubmedBookArticle"
    kind = evidence_type(publication_types, default="book" if book else "research")
    container = (  # AMA prints the NLM abbreviation of the journal when there is one
        _text(article.find(".//Journal/ISOAbbreviation"))
        or _text(article.find(".//MedlineJournalInfo/MedlineTA"))
        or _text(article.find(".//Journal/Title"))
        or _text(article.find(".//Publisher/PublisherName"))
    )
    return {
        "source": f"article {number}" + (f" (PMID {pmid})" if pmid else ""),
        "type": kind,
        "title": title,
        "authors": join_authors(authors),
        "container": container,
        "year": year_from(year_text),
        "volume": _text(article.find(".//JournalIssue/Volume")),
        "issue": _text(article.find(".//JournalIssue/Issue")),
        "pages": expand_pages(_text(article.find(".//Pagination/MedlinePgn"))),
        "doi": doi,
        "pmid": pmid,
        "url": "",
        "study_design": study_design(
            publication_types + [_text(heading) for heading in article.iterfind(".//MeshHeading/DescriptorName")]
        ),
        "retraction_status": retraction_status(publication_types),
    }
