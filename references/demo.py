"""The demo bibliography: the six sources the calciphylaxis article cites."""

from django.db import transaction

from references.models import Reference, ReferenceType

DEMO_REFERENCES = [
    {
        "key": "kdigo2017",
        "type": ReferenceType.GUIDELINE,
        "title": "KDIGO 2017 clinical practice guideline update for the diagnosis, evaluation, prevention, "
        "and treatment of chronic kidney disease-mineral and bone disorder (CKD-MBD)",
        "authors": "Kidney Disease: Improving Global Outcomes (KDIGO) CKD-MBD Update Work Group",
        "container": "Kidney International Supplements",
        "year": 2017,
        "volume": "7",
        "issue": "1",
        "pages": "1-59",
        "doi": "10.1016/j.kisu.2017.04.001",
    },
    {
        "key": "nigwekar2015",
        "type": ReferenceType.REVIEW,
        "title": "Calciphylaxis: risk factors, diagnosis, and treatment",
        "authors": "Nigwekar SU\nKroshinsky D\nNazarian RM\nGoverman J\nMalhotra R\nJackson VA\nKamdar MM\n"
        "Steele DJ\nThadhani RI",
        "container": "American Journal of Kidney Diseases",
        "year": 2015,
        "volume": "66",
        "issue": "1",
        "pages": "133-146",
        "doi": "10.1053/j.ajkd.2015.01.034",
        "pmid": "25960299",
    },
    {
        "key": "nigwekar2018",
        "type": ReferenceType.REVIEW,
        "title": "Calciphylaxis",
        "authors": "Nigwekar SU\nThadhani R\nBrandenburg VM",
        "container": "New England Journal of Medicine",
        "year": 2018,
        "volume": "378",
        "issue": "18",
        "pages": "1704-1714",
        "doi": "10.1056/NEJMra1505292",
        "pmid": "29719190",
    },
    {
        "key": "brandenburg2017",
        "type": ReferenceType.RESEARCH,
        "title": "Calcific uraemic arteriolopathy (calciphylaxis): data from a large nationwide registry",
        "authors": "Brandenburg VM\nKramann R\nRothe H\nKaesler N\nKorbiel J\nSpecht P\nSchmitz S\nKruger T\n"
        "Floege J\nKetteler M",
        "container": "Nephrology Dialysis Transplantation",
        "year": 2017,
        "volume": "32",
        "issue": "1",
        "pages": "126-132",
        "doi": "10.1093/ndt/gfv438",
    },
    {
        "key": "nefrologia2008",
        "type": ReferenceType.RESEARCH,
        "title": "Calciphylaxis: a fatal complication of cardiometabolic syndrome in patients with end-stage "
        "kidney disease",
        "authors": "",
        "container": "Nefrologia",
        "year": 2008,
    },
    {
        "key": "homehd2020",
        "type": ReferenceType.CASE_REPORT,
        "title": "Calciphylaxis in a patient on home hemodialysis",
        "authors": "",
        "container": "Journal of Investigative Medicine High Impact Case Reports",
        "year": 2020,
    },
]


def seed_references(*, actor) -> None:
    """Create the demo references that are missing (idempotent), each with a history row by ``actor``."""
    with transaction.atomic():
        for data in DEMO_REFERENCES:
            if Reference.objects.filter(key=data["key"]).exists():
                continue
            reference = Reference(**data)
            reference.full_clean()
            reference._history_user = actor
            reference._change_reason = "Demo bibliography"
            reference.save()
