import pytest
from django.core.cache import caches

from references.models import ReferenceType
from tests.factories import ReferenceFactory, make_article, publish


@pytest.fixture
def cited(staff):
    """A published article citing a guideline (DOI) and a study (PMID), with plain-language wording."""
    ReferenceFactory(key="kdigo", type=ReferenceType.GUIDELINE, title="KDIGO guideline", doi="10.1016/j.kint.2017")
    ReferenceFactory(key="study", title="A cohort <study>", pmid="12345678", url="https://example.org/s")
    revision = make_article(
        actor=staff.author,
        slug="calciphylaxis",
        title="What is calciphylaxis?",
        plain_title="Calciphylaxis, simply",
        summary="A rare disease [@kdigo]. Editors wrote &lt;b&gt;not bold&lt;/b&gt;.",
        plain_summary="A rare illness [@study].",
        sections=[
            {
                "heading": "Causes & risks",
                "body": "Calcium builds up [@kdigo; @study].\n\n- one\n- two",
                "plain_body": "Calcium builds up [@study].",
            },
            {"heading": "Treatment", "body": "Sodium thiosulfate is used [@study].", "plain_heading": "Care"},
        ],
    )
    return publish(revision, editor=staff.author, reviewer=staff.reviewer).article


@pytest.fixture(autouse=True)
def _clear_page_cache():
    yield
    caches["pages"].clear()
