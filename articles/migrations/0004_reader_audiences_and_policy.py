"""Seed the reader audiences and the editorial policy page; staff edit both in the admin afterwards."""

from django.db import migrations

AUDIENCES = [
    {
        "slug": "patient-or-caregiver",
        "label": "Patient or caregiver",
        "description": "I have this condition, or I care for someone who does.",
        "register": "plain",
        "schema_audience_type": "Patient",
        "disclaimer_title": "Important: this page does not replace your care team",
        "disclaimer": (
            "This page explains a medical topic in general terms so that you can talk about it with your "
            "doctors and nurses. It is not advice about your own health. Do not start, stop or change any "
            "treatment because of what you read here. If you have new or worsening symptoms, contact your care "
            "team; in an emergency, call your local emergency number."
        ),
        "ordering": 1,
        "is_default": False,
    },
    {
        "slug": "student",
        "label": "Student",
        "description": "I am studying medicine, nursing or another health profession.",
        # Health-professions students are learning the clinical vocabulary and need the mechanisms and the
        # evidence behind each statement, which the plain-language wording deliberately leaves out.
        "register": "professional",
        "schema_audience_type": "Student",
        "disclaimer_title": "For learning, not for patient care",
        "disclaimer": (
            "This summary is a study aid written for health-professions students. It is not a substitute for "
            "your course materials, current guidelines or supervised clinical training, and it must not guide "
            "the care of a patient without a qualified clinician's judgement."
        ),
        "ordering": 2,
        "is_default": False,
    },
    {
        "slug": "healthcare-professional",
        "label": "Healthcare professional",
        "description": "I care for patients as a doctor, nurse, pharmacist or other clinician.",
        "register": "professional",
        "schema_audience_type": "Clinician",
        "disclaimer_title": "Professional medical disclaimer",
        "disclaimer": (
            "This summary is written for healthcare professionals and supports, but does not replace, clinical "
            "judgement. Check doses, indications and recommendations against the cited primary sources, current "
            "guidelines and local protocols before applying them to an individual patient. Vetted and its "
            "reviewers accept no responsibility for clinical decisions based on this page."
        ),
        "ordering": 3,
        "is_default": True,
    },
]

EDITORIAL_POLICY = """\
Vetted publishes short medical reference articles. Every article a reader can see has been read and
approved by a member of our **Medical Advisory Board**: practising clinicians whose names, credentials and
conflict-of-interest statements are listed on the board page.

## How an article is reviewed

Each change to an article is a new *revision*. A revision moves through these states:

1. **Draft**: an editor writes or updates the text, in professional wording and, where useful, in plain
   language. Every factual statement cites a source from our reference library.
2. **Submitted**: the editor sends the revision to the board. Revisions that cite an unknown source cannot
   be submitted.
3. **Under review**: a board member checks the facts, the sources and both wordings.
4. The board member then decides:
   - **Approved**: the revision becomes the public page. The reviewer cannot be the author.
   - **Changes requested**: the revision goes back to the editor with written comments.
   - **Rejected**: the revision is closed with a written reason.
5. **Superseded**: when a newer revision is approved, the older one is kept in the archive.
6. **Withdrawn**: the editor-in-chief can take an article off the site, with a written reason.

Readers only ever see the approved revision. While an update is being reviewed, the page says so, but it
keeps showing the approved text until the board approves the update.

## Dates on every article

- **Last updated**: when the text readers see was approved.
- **Last reviewed**: when the board last confirmed the article is accurate.
- **Next review due**: every article is reviewed again at a fixed interval, usually twelve months.

## Sources

We cite guidelines, systematic reviews and original research, and label each reference with its type.
When a source is corrected later, the page keeps showing the version the board approved until a new
revision is reviewed.

## Corrections and questions

Every article has a form to report a problem or ask a question. Editors read every report.
"""


def seed(apps, schema_editor):
    Audience = apps.get_model("articles", "Audience")
    SitePage = apps.get_model("articles", "SitePage")
    for data in AUDIENCES:
        if not Audience.objects.filter(slug=data["slug"]).exists():
            Audience.objects.create(**data)
    if not SitePage.objects.filter(slug="editorial-policy").exists():
        SitePage.objects.create(slug="editorial-policy", title="Editorial policy", body=EDITORIAL_POLICY)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_reader_site")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
