"""Every text field that reaches HTML, filled with the payload corpus, on the public site and in the admin."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from editorial import services
from editorial.models import Revision
from references.models import Reference, ReferenceType
from tests.factories import make_article, publish
from tests.hostile.html_safety import page_problems
from tests.hostile.payloads import EVIL
from tests.hostile.payloads import STORABLE_PAYLOADS as PAYLOADS

# Admin pages that show stored text: (URL name, args from the world, query string). Add new ones here.
ADMIN_PAGES_SHOWING_CONTENT = [
    ("index", lambda w: [], ""),
    ("editorial_revision_changelist", lambda w: [], ""),
    ("editorial_revision_changelist", lambda w: [], "?q=script"),
    ("editorial_revision_change", lambda w: [w.published.pk], ""),  # approved: read-only display
    ("editorial_revision_change", lambda w: [w.draft.pk], ""),  # changes requested: an editable form
    ("editorial_revision_history", lambda w: [w.draft.pk], ""),
    ("articles_article_changelist", lambda w: [], ""),
    ("articles_article_change", lambda w: [w.article.pk], ""),
    ("articles_article_history", lambda w: [w.article.pk], ""),
    ("editorial_transitionrecord_changelist", lambda w: [], ""),
    ("references_reference_changelist", lambda w: [], ""),
    ("references_reference_change", lambda w: [w.reference.pk], ""),
    ("references_reference_history", lambda w: [w.reference.pk], ""),
]


# Every free-text field of our models gets the corpus in the fixtures here; the rest cannot hold free
# text. A new text field (an audience's disclaimer, a board profile, a reader report) fails
# test_every_text_field_of_ours_is_attacked until it is filled with payloads here, or listed as not free text.
ATTACKED_TEXT_FIELDS = {
    "editorial.revision.title",
    "editorial.revision.plain_title",
    "editorial.revision.summary",
    "editorial.revision.plain_summary",
    "editorial.revision.change_note",
    "editorial.section.heading",
    "editorial.section.body",
    "editorial.section.plain_heading",
    "editorial.section.plain_body",
    "editorial.transitionrecord.comment",
    "editorial.citedreference.snapshot",  # pinned copies of the hostile references below
    "references.reference.title",
    "references.reference.authors",
    "references.reference.container",
    "references.reference.volume",
    "references.reference.issue",
    "references.reference.pages",
    "references.reference.doi",
    "references.reference.pmid",
    "references.reference.url",
}
NOT_FREE_TEXT = {
    "articles.article.slug": "a SlugField: letters, digits, hyphens and underscores",
    "editorial.revision.state": "a workflow state from State",
    "editorial.transitionrecord.action": "a RULES action, written by the services",
    "editorial.transitionrecord.from_state": "a workflow state",
    "editorial.transitionrecord.to_state": "a workflow state",
    "editorial.citedreference.key": "a citation key (KEY_PATTERN), copied from the reference",
    "references.reference.key": "a citation key (KEY_PATTERN)",
    "references.reference.type": "a ReferenceType choice",
}
OUR_APPS = ("articles", "editorial", "references")


def test_every_text_field_of_ours_is_attacked():
    from django.apps import apps
    from django.db import models

    text_fields = {
        f"{model._meta.label_lower}.{field.name}"
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    }
    assert text_fields == ATTACKED_TEXT_FIELDS | NOT_FREE_TEXT.keys()


def hostile_sections():
    return [
        {"heading": payload, "body": f"{payload}\n\n{payload}", "plain_heading": payload, "plain_body": payload}
        for payload in PAYLOADS
    ]


def hostile_reference(key: str, payload: str) -> Reference:
    # Saved without full_clean on purpose: an importer or an older row may hold what the form refuses.
    return Reference.objects.create(
        key=key,
        type=ReferenceType.WEBSITE,
        title=payload,
        authors=f"{payload}\nSmith J",
        container=payload,
        volume=payload[:50],
        issue=payload[:50],
        pages=payload[:50],
        pmid=payload[:12],
        doi=f"10.1000/{payload}"[:255],
        url="javascript:alert(1)",
    )


@pytest.fixture
def hostile_article(staff):
    """A published article whose every text (both registers, every section) carries the whole corpus."""
    for number, payload in enumerate(PAYLOADS):
        hostile_reference(f"hostile{number}", payload)
    hostile_reference("x", PAYLOADS[0])  # a payload cites [@x]
    cites = " ".join(f"[@hostile{number}]" for number in range(len(PAYLOADS)))
    revision = make_article(
        actor=staff.author,
        slug="hostile",
        title='"><script>alert(1)</script> What is <img src=x onerror=alert(1)>?',
        plain_title="</title><script>alert(1)</script>",
        summary="\n\n".join(PAYLOADS) + f"\n\n{cites}",
        plain_summary="\n\n".join(reversed(PAYLOADS)),
        sections=hostile_sections(),
    )
    return publish(revision, editor=staff.author, reviewer=staff.reviewer)


def assert_page_safe(response):
    assert response.status_code == 200
    problems = page_problems(response.content.decode())
    assert problems == [], problems[:10]


def test_public_article_page_with_every_payload_in_every_field_is_harmless(client, hostile_article):
    assert_page_safe(client.get(hostile_article.article.get_absolute_url()))


def test_home_page_listing_hostile_titles_is_harmless(client, staff):
    hostile_reference("x", PAYLOADS[0])  # a payload cites [@x]
    for number, payload in enumerate(PAYLOADS):
        publish(
            make_article(actor=staff.author, slug=f"p{number}", title=payload, sections=[]),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    response = client.get(reverse("articles:home"))
    assert_page_safe(response)
    assert response.content.count(b"<li>") == len(PAYLOADS)


def test_admin_pages_showing_hostile_content_are_harmless(client, staff, hostile_article):
    # Hostile workflow comments too: they reach the audit inline and the history page's change reasons.
    draft = services.revision_start_new(
        actor=staff.second_editor, article=hostile_article.article, change_note=f"{EVIL} {PAYLOADS[2]}"
    )
    draft = services.revision_submit(actor=staff.second_editor, revision=draft, comment=PAYLOADS[0])
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft, comment=PAYLOADS[1])
    draft = services.revision_request_changes(actor=staff.reviewer, revision=draft, comment="\n".join(PAYLOADS))
    world = SimpleNamespace(
        published=hostile_article,
        draft=draft,
        article=hostile_article.article,
        reference=Reference.objects.get(key="hostile0"),
    )
    urls = [reverse(f"admin:{name}", args=args(world)) + query for name, args, query in ADMIN_PAGES_SHOWING_CONTENT]
    for user in (staff.superuser, staff.author, staff.reviewer):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code == 403:
                continue  # not this role's page; the authorization matrix covers who sees what
            assert_page_safe(response)
    assert Revision.objects.filter(article=world.article).count() == 2
