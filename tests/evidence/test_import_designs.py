"""Study designs and retractions from each import format's publication types (issue 17, point 1 and 3)."""

import pytest

from references.importers import parse_text
from references.importers.base import retraction_status, study_design

MEDLINE = """PMID- 30000001
TI  - Sodium thiosulfate in calciphylaxis: a randomized trial.
DP  - 2019 Mar
TA  - J Demo
AU  - Example A
PT  - Journal Article
PT  - Randomized Controlled Trial
PT  - Retracted Publication
RIN - J Demo. 2021;1:1. PMID: 30000009

PMID- 30000002
TI  - Outcomes of calciphylaxis in a dialysis population.
DP  - 2018
TA  - J Demo
AU  - Sample B
PT  - Journal Article
MH  - Humans
MH  - *Retrospective Studies
EIN - J Demo. 2019;2:2.
"""

PUBMED_XML = """<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle>
<MedlineCitation>
<PMID>30000003</PMID>
<Article>
<Journal>
<JournalIssue>
<PubDate>
<Year>2020</Year>
</PubDate>
</JournalIssue>
<ISOAbbreviation>J Demo</ISOAbbreviation>
</Journal>
<ArticleTitle>Warfarin and calciphylaxis: a case-control study.</ArticleTitle>
<AuthorList>
<Author>
<LastName>Case</LastName>
<Initials>C</Initials>
</Author>
</AuthorList>
<PublicationTypeList>
<PublicationType>Journal Article</PublicationType>
<PublicationType>Published Erratum</PublicationType>
</PublicationTypeList>
</Article>
<MeshHeadingList>
<MeshHeading>
<DescriptorName>Case-Control Studies</DescriptorName>
</MeshHeading>
</MeshHeadingList>
</MedlineCitation>
</PubmedArticle>
<PubmedArticle>
<MedlineCitation>
<PMID>30000004</PMID>
<Article>
<Journal>
<JournalIssue>
<PubDate>
<Year>2021</Year>
</PubDate>
</JournalIssue>
<ISOAbbreviation>J Demo</ISOAbbreviation>
</Journal>
<ArticleTitle>Treatments for calciphylaxis: a meta-analysis.</ArticleTitle>
<AuthorList>
<Author>
<LastName>Meta</LastName>
<Initials>M</Initials>
</Author>
</AuthorList>
<PublicationTypeList>
<PublicationType>Review</PublicationType>
<PublicationType>Meta-Analysis</PublicationType>
<PublicationType>Retracted Publication</PublicationType>
</PublicationTypeList>
</Article>
</MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
"""

RIS = """TY  - JOUR
TI  - A cohort of patients with calciphylaxis
T2  - J Demo
PY  - 2017
AU  - Cohort, C
KW  - Cohort Studies
ER  -

TY  - JOUR
TI  - Calciphylaxis: an editorial view
T2  - J Demo
PY  - 2016
AU  - Opinion, O
KW  - Editorial
ER  -
"""

BIBTEX = """@article{trial2022,
  title = {A randomised trial of something},
  author = {Trial, T.},
  journal = {J Demo},
  year = {2022},
  keywords = {Randomized Controlled Trial, Retracted Publication}
}
@article{series2015,
  title = {Five cases},
  author = {Series, S.},
  journal = {J Demo},
  year = {2015},
  keywords = {Case Reports}
}
"""

CSL = """[{"type": "article-journal", "title": "A guideline", "genre": "Practice Guideline",
  "container-title": "J Demo", "issued": {"date-parts": [[2023]]}, "author": [{"family": "Body", "given": "G"}]},
 {"type": "article-journal", "title": "Untyped", "container-title": "J Demo", "issued": {"date-parts": [[2023]]},
  "author": [{"family": "None", "given": "N"}]}]"""


def designs(text: str, fmt: str) -> list[tuple[str, str]]:
    return [(record["study_design"], record["retraction_status"]) for record in parse_text(text, fmt)]


def test_medline_publication_types_and_mesh_headings_give_the_design_and_the_retraction():
    assert designs(MEDLINE, "medline") == [("randomised_trial", "retracted"), ("cohort", "corrected")]


def test_pubmed_xml_publication_types_and_mesh_headings():
    # "Review" + "Meta-Analysis": the stronger design wins; "Published Erratum": corrected.
    assert designs(PUBMED_XML, "pubmed_xml") == [("case_control", "corrected"), ("systematic_review", "retracted")]


def test_ris_keywords():
    assert designs(RIS, "ris") == [("cohort", ""), ("expert_opinion", "")]


def test_bibtex_keywords():
    assert designs(BIBTEX, "bibtex") == [("randomised_trial", "retracted"), ("case_series", "")]


def test_csl_json_genre_and_no_label_means_not_classified():
    assert designs(CSL, "csl_json") == [("guideline", ""), ("", "")]


@pytest.mark.parametrize(
    ("labels", "design"),
    [
        (["Journal Article"], ""),
        (["Guideline Adherence"], ""),  # a MeSH keyword, not a guideline: labels match whole
        (["Case Reports", "Systematic Review"], "systematic_review"),
        (["Letter"], "expert_opinion"),
    ],
)
def test_labels_match_whole_and_the_strongest_design_wins(labels, design):
    assert study_design(labels) == design


def test_retracted_beats_a_correction():
    assert retraction_status(["Erratum", "Retracted Publication"]) == "retracted"
