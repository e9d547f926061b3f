"""The demo's six calciphylaxis references come from references/fixtures/demo.ris via the RIS importer."""

from references.demo import seed_references
from references.formatting import format_ama_text
from references.models import Reference, ReferenceImport

DEMO_KEYS = {"kdigo2017", "nigwekar2015", "nigwekar2018", "brandenburg2017", "nefrologia2008", "homehd2020"}


def test_demo_references_are_imported_from_the_fixture_once(staff):
    assert seed_references(actor=staff.author) == 6
    assert seed_references(actor=staff.author) == 0  # a reseed imports nothing and logs no empty import
    assert set(Reference.objects.values_list("key", flat=True)) == DEMO_KEYS
    assert list(ReferenceImport.objects.values_list("filename", "created").order_by("pk")) == [("demo.ris", 6)]
    nigwekar = Reference.objects.get(key="nigwekar2015")
    assert nigwekar.history.get().history_user == staff.author
    assert format_ama_text(nigwekar) == (
        "Nigwekar SU, Kroshinsky D, Nazarian RM, et al. Calciphylaxis: risk factors, diagnosis, and treatment. "
        "American Journal of Kidney Diseases. 2015;66(1):133-146. doi:10.1053/j.ajkd.2015.01.034"
    )
    assert dict(Reference.objects.values_list("key", "type")) == {
        "kdigo2017": "guideline",
        "nigwekar2015": "review",
        "nigwekar2018": "review",
        "brandenburg2017": "research",
        "nefrologia2008": "research",
        "homehd2020": "case_report",
    }
