"""Every text field that reaches HTML, filled with the payload corpus, on the public site and in the admin."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from articles.models import Audience, BoardProfile, ReaderReport, Register, SitePage
from core.fields import LINE_BREAK
from editorial import services
from editorial.models import Notification, Revision
from editorial.rules import Role
from editorial.services.evidence import flag_citing_articles
from references.models import Reference, ReferenceImport, ReferenceType
from tests.factories import clear_caches, make_article, make_user, publish
from tests.hostile.html_safety import page_problems
from tests.hostile.payloads import EVIL, SINGLE_LINE_PAYLOADS
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
    # The review desk: threads (body, quote, section heading) on the revision page and the comparison.
    ("desk:compare", lambda w: [w.draft.pk], ""),
    ("desk:retractions", lambda w: [], ""),  # the affected sentences, copied from the hostile approved text
    ("desk:compare", lambda w: [w.draft.pk], "?view=source"),
    ("desk:review_due", lambda w: [], ""),
    ("desk:dashboard", lambda w: [], ""),
    ("editorial_notification_changelist", lambda w: [], ""),
    ("editorial_notification_change", lambda w: [w.notification.pk], ""),
    # The reader's site: audiences, board profiles, site pages, the reader-report inbox.
    ("articles_audience_changelist", lambda w: [], ""),
    ("articles_audience_change", lambda w: [w.audience.pk], ""),
    ("articles_audience_history", lambda w: [w.audience.pk], ""),
    ("articles_boardprofile_changelist", lambda w: [], ""),
    ("articles_boardprofile_change", lambda w: [w.profile.pk], ""),
    ("articles_sitepage_changelist", lambda w: [], ""),
    ("articles_sitepage_change", lambda w: [w.site_page.pk], ""),
    ("articles_readerreport_changelist", lambda w: [], ""),
    ("articles_readerreport_change", lambda w: [w.report.pk], ""),
    ("articles_readerreport_history", lambda w: [w.report.pk], ""),
    # Reference imports: the log, one entry, and the uploader's preview.
    ("references_referenceimport_changelist", lambda w: [], ""),
    ("references_referenceimport_change", lambda w: [w.reference_import.pk], ""),
    ("references_reference_import_preview", lambda w: [w.reference_import.pk], ""),
]


# Every free-text field of our models gets the corpus in the fixtures here; the rest cannot hold free
# text. A new text field (an audience's disclaimer, a board profile, a reader report) fails
# test_every_text_field_of_ours_is_attacked until it is filled with payloads here, or listed as not free text.
ATTACKED_TEXT_FIELDS = {
    "editorial.revision.title",
    "editorial.revision.plain_title",
    "editorial.revision.headline",
    "editorial.revision.plain_headline",
    "editorial.revision.also_called",
    "editorial.revision.summary",
    "editorial.revision.plain_summary",
    "editorial.revision.change_note",
    "editorial.section.heading",
    "editorial.section.body",
    "editorial.section.plain_heading",
    "editorial.section.plain_body",
    "editorial.transitionrecord.comment",
    "editorial.citedreference.snapshot",  # pinned copies of the hostile references below
    # Written from the hostile revision on approval; shown by the search page (title and snippet).
    "articles.searchdocument.title",
    "articles.searchdocument.search_text",
    "articles.searchdocument.also_called",
    "articles.searchdocument.plain_text",
    "references.reference.title",
    "references.reference.authors",
    "references.reference.container",
    "references.reference.volume",
    "references.reference.issue",
    "references.reference.pages",
    "references.reference.doi",
    "references.reference.pmid",
    "references.reference.url",
    # The reader's site (hostile_site below).
    "articles.audience.label",
    "articles.audience.description",
    "articles.audience.disclaimer_title",
    "articles.audience.disclaimer",
    "articles.boardprofile.display_name",
    "articles.boardprofile.credentials",
    "articles.boardprofile.specialty",
    "articles.boardprofile.bio",
    "articles.boardprofile.conflicts_of_interest",
    "articles.sitepage.title",
    "articles.sitepage.body",
    "articles.readerreport.message",
    "articles.readerreport.editor_note",
    # The review desk (test_admin_pages_showing_hostile_content_are_harmless).
    "editorial.reviewcomment.section_heading",  # copied from the hostile section heading
    "editorial.reviewcomment.quote",
    "editorial.reviewcomment.body",
    "editorial.articlereview.comment",
    "editorial.notification.subject",  # built from hostile titles by the notifications, and a payload
    "editorial.notification.body",
    "editorial.notification.last_error",
    # Reference imports: the uploaded file's name and text (its records reach the preview page).
    "references.referenceimport.filename",
    "references.referenceimport.data",
    # Evidence (issue 17): the sentences citing a retracted source, copied from the hostile approved text.
    "editorial.retractionflag.sentences",
}
NOT_FREE_TEXT = {
    "articles.article.slug": "a SlugField: letters, digits, hyphens and underscores",
    "editorial.revision.state": "a workflow state from State",
    "editorial.transitionrecord.action": "a RULES action, written by the services",
    "editorial.transitionrecord.from_state": "a workflow state",
    "editorial.transitionrecord.to_state": "a workflow state",
    "editorial.transitionrecord.reason_category": "a WithdrawalReason, checked by the withdraw service",
    "editorial.citedreference.key": "a citation key (KEY_PATTERN), copied from the reference",
    "references.reference.key": "a citation key (KEY_PATTERN)",
    "references.reference.type": "a ReferenceType choice",
    "references.reference.title_key": "normalise_title(title): only letters, digits and single spaces; never shown",
    "references.referenceimport.format": "a key of references.importers.FORMATS (checked or detected on upload)",
    "references.referenceimport.status": "a ReferenceImport.Status choice",
    "references.referenceimport.target": "'name:argument' of a registered IMPORT_TARGETS entry, stored only once "
    "resolve_target accepted it; never shown (the page shows the target's own label)",
    "articles.audience.slug": "a SlugField",
    "articles.audience.register": "a Register choice",
    "articles.audience.schema_audience_type": "a SchemaAudienceType choice",
    "articles.boardprofile.slug": "a SlugField",
    "articles.sitepage.slug": "a SlugField",
    "articles.readerreport.audience_slug": "copied by the report view from an existing Audience's slug, never the "
    "posted text",
    "articles.readerreport.kind": "a ReaderReport.Kind choice",
    "articles.readerreport.status": "a ReaderReport.Status choice",
    "articles.readerreport.email": "an EmailField, validated by the report form",
    "articles.readerreport.client_hash": "a keyed hex digest written by the report view",
    "editorial.notification.email": "an EmailField copied from the recipient's account",
    "editorial.notification.event": "a RULES action, 'assign' or 'overdue', written by editorial.notifications",
    "articles.storedrendering.register": "a Register choice",
    "references.reference.study_design": "a StudyDesign choice",
    "references.reference.retraction_status": "a RetractionStatus choice",
    "editorial.retractionflag.status": "a RetractionFlag.Status choice",
    "articles.lettercount.letter": "the first character of a published article's slug (a SlugField), upper-cased",
    "articles.storedrendering.payload": "render_revision output (sanitised), written only by "
    "articles.stored_rendering; the attacked section texts reach it, and the public pages below read it",
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
        {"heading": line, "body": f"{payload}\n\n{payload}", "plain_heading": line, "plain_body": payload}
        for payload, line in zip(PAYLOADS, SINGLE_LINE_PAYLOADS, strict=True)
    ]


def hostile_reference(key: str, payload: str) -> Reference:
    # Reference.save() now refuses a malformed DOI, PMID or URL, but an older row or a buggy importer may
    # still hold one: those are written with raw SQL, past the model, as such a row would be.
    line = LINE_BREAK.sub(" ", payload)  # what the one-line fields can hold
    reference = Reference.objects.create(
        key=key,
        type=ReferenceType.WEBSITE,
        title=line,
        authors=f"{payload}\nSmith J",
        container=line,
        volume=line[:50],
        issue=line[:50],
        pages=line[:50],
        url="https://example.org/",
    )
    table = connection.ops.quote_name(Reference._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET doi = %s, pmid = %s, url = %s WHERE id = %s",  # noqa: S608 - values bound
            [f"10.1000/{payload}"[:255], payload[:12], "javascript:alert(1)", reference.pk],
        )
    reference.refresh_from_db()
    return reference


CORPUS = "\n\n".join(PAYLOADS)


def _save(obj, reason="Hostile test data"):
    obj._change_reason = reason
    obj.save()
    return obj


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached pages of earlier tests must not answer for this one's database."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def hostile_site(staff):
    """Audiences, board profiles and the editorial policy page carrying the corpus.

    One hostile audience per payload (label, description and disclaimer title are short fields), each
    with the whole corpus as its disclaimer; the seeded audiences get it too. One listed board profile
    per payload, and the approving reviewer's profile with the corpus in its bio and conflicts.
    """
    for audience in Audience.objects.all():
        audience.disclaimer = CORPUS
        audience.disclaimer_title = PAYLOADS[0][:120]
        _save(audience)
    for number, payload in enumerate(PAYLOADS):
        Audience.objects.create(
            slug=f"hostile-{number}",
            label=payload[:80],
            description=payload[:200],
            register=Register.PLAIN if number % 2 else Register.PROFESSIONAL,
            disclaimer_title=payload[:120],
            disclaimer=CORPUS,
            ordering=100 + number,
        )
        BoardProfile.objects.create(
            user=make_user(f"board{number}", Role.BOARD),
            slug=f"board-{number}",
            display_name=payload[:150],
            credentials=payload[:100],
            specialty=payload[:150],
            bio=payload,
            conflicts_of_interest=payload,
            ordering=100 + number,
        )
    profile = BoardProfile.objects.create(
        user=staff.reviewer,
        slug="reviewer",
        display_name='"><script>alert(1)</script>',
        credentials="<img src=x onerror=alert(1)>",
        specialty=PAYLOADS[-1][:150],
        bio=CORPUS,
        conflicts_of_interest=CORPUS,
    )
    policy = SitePage.objects.filter(slug="editorial-policy").first() or SitePage(slug="editorial-policy")
    policy.title = "</title><script>alert(1)</script><img src=x onerror=alert(1)>"
    policy.body = CORPUS
    _save(policy)
    return SimpleNamespace(profile=profile, site_page=policy)


@pytest.fixture
def hostile_article(staff, hostile_site):
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
        headline='"><img src=x onerror=alert(1)> <script>alert(1)</script>',
        plain_headline="</p><script>alert(1)</script>",
        also_called="; ".join(PAYLOADS)[:500],
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
    article = hostile_article.article
    assert_page_safe(client.get(article.get_absolute_url()))
    # Every audience's page: its disclaimer, the chooser's labels and descriptions, the reviewer's name.
    audiences = list(Audience.objects.all())
    assert len(audiences) > len(PAYLOADS)
    for audience in audiences:
        response = client.get(reverse("articles:for_audience", args=[article.slug, audience.slug]))
        assert_page_safe(response)


def test_public_pages_of_the_site_with_hostile_profiles_policies_and_reports_are_harmless(
    client, staff, hostile_article
):
    article = hostile_article.article
    pages = [
        reverse("articles:home"),
        reverse("articles:az"),
        reverse("articles:board"),
        reverse("articles:editorial_policy"),
        reverse("articles:search") + "?q=script",
        reverse("articles:search") + "?q=" + PAYLOADS[0],
        reverse("articles:report", args=[article.slug]),
        reverse("articles:report", args=[article.slug]) + "?audience=hostile-0",
    ]
    pages += [profile.get_absolute_url() for profile in BoardProfile.objects.all()]
    for url in pages:
        assert_page_safe(client.get(url))
    # The search check is not vacuous: the hostile article's stored search document is found and shown.
    # ("alert", not "script": PostgreSQL's text parser drops "<script>" as a tag, but reads the words
    # between tags.)
    found = client.get(reverse("articles:search") + "?q=alert").content.decode()
    assert_page_safe(client.get(reverse("articles:search") + "?q=alert"))
    assert f'href="{article.get_absolute_url()}' in found
    # The report form shows a refused message back to its reader: posted payloads, an invalid email.
    for payload in PAYLOADS:
        response = client.post(
            reverse("articles:report", args=[article.slug]),
            {"kind": "error", "message": payload, "email": payload, "audience": "hostile-1"},
        )
        if response.status_code == 429:
            clear_caches()  # the throttle, not the page, answered: start a new hour
            continue
        assert response.status_code == 400
        problems = page_problems(response.content.decode())
        assert problems == [], problems[:10]


def test_home_page_listing_hostile_titles_is_harmless(client, staff):
    hostile_reference("x", PAYLOADS[0])  # a payload cites [@x]
    for number, payload in enumerate(SINGLE_LINE_PAYLOADS):
        publish(
            make_article(actor=staff.author, slug=f"p{number}", title=payload, sections=[]),
            editor=staff.author,
            reviewer=staff.reviewer,
        )
    assert_page_safe(client.get(reverse("articles:home")))  # the recently updated list
    # Every hostile title is listed on its letter's pages (100 a page) as escaped text.
    content = ""
    for page in range(1, len(PAYLOADS) // 100 + 2):
        response = client.get(reverse("articles:az_letter", args=["p"]) + f"?page={page}")
        assert_page_safe(response)
        content += response.content.decode()
    for number, payload in enumerate(SINGLE_LINE_PAYLOADS):
        assert f'href="/articles/p{number}/"' in content
        assert escape(payload) in content


def test_admin_pages_showing_hostile_content_are_harmless(client, staff, hostile_article, hostile_site):
    # Hostile workflow comments too: they reach the audit inline and the history page's change reasons.
    draft = services.revision_start_new(
        actor=staff.second_editor, article=hostile_article.article, change_note=f"{EVIL} {PAYLOADS[2]}"
    )
    draft = services.revision_submit(actor=staff.second_editor, revision=draft, comment=PAYLOADS[0])
    draft = services.revision_start_review(actor=staff.reviewer, revision=draft, comment=PAYLOADS[1])
    draft = services.revision_request_changes(actor=staff.reviewer, revision=draft, comment="\n".join(PAYLOADS))
    # Review threads on every section (quote and body hostile; the heading is copied from the section),
    # replies, and a confirmation of the published revision with the corpus as its comment.
    for number, section in enumerate(draft.sections.all()):
        payload = PAYLOADS[number % len(PAYLOADS)]
        thread = services.review_comment_add(
            actor=staff.second_reviewer, revision=draft, body=payload, quote=payload, section=section
        )
        services.review_comment_add(actor=staff.author, revision=draft, body=payload, parent=thread)
    services.review_comment_add(actor=staff.second_reviewer, revision=draft, body=CORPUS, quote=CORPUS)
    services.article_confirm_current(actor=staff.second_reviewer, article=hostile_article.article, comment=CORPUS)
    # A hostile source retracted: the queue lists the hostile sentences citing it.
    with connection.cursor() as cursor:  # raw, as hostile_reference wrote the row past the model's checks
        cursor.execute(
            "UPDATE references_reference SET retraction_status = 'retracted', retracted_on = %s WHERE key = %s",
            [datetime.date(2026, 10, 1), "hostile0"],
        )
    assert flag_citing_articles(actor=staff.chief, reference=Reference.objects.get(key="hostile0"))
    notification = Notification.objects.create(
        recipient=staff.superuser,
        email="root@vetted.test",
        event="submit",
        subject=PAYLOADS[0],
        body=CORPUS,
        last_error=CORPUS,
    )
    for payload in PAYLOADS:
        ReaderReport.objects.create(
            article=hostile_article.article, kind="error", message=payload, editor_note=payload, client_hash="x"
        )
    report = ReaderReport.objects.create(
        article=hostile_article.article, kind="other", message=CORPUS, editor_note=CORPUS, client_hash="x"
    )
    _save(report)  # a history row for the history page
    ris = "".join(
        f"TY  - JOUR\nTI  - {' '.join(p.split())}\nT2  - {' '.join(p.split())}\nPY  - 2020\nER  - \n" for p in PAYLOADS
    )
    reference_import = ReferenceImport.objects.create(
        filename=PAYLOADS[0][:255], format="ris", data=ris, uploaded_by=staff.superuser
    )
    for payload in PAYLOADS:
        ReferenceImport.objects.create(filename=payload[:255], format="ris", data=payload, uploaded_by=staff.author)
    world = SimpleNamespace(
        published=hostile_article,
        draft=draft,
        article=hostile_article.article,
        reference=Reference.objects.get(key="hostile0"),
        notification=notification,
        audience=Audience.objects.get(slug="hostile-0"),
        profile=hostile_site.profile,
        site_page=hostile_site.site_page,
        report=report,
        reference_import=reference_import,
    )
    urls = [
        reverse(name if ":" in name else f"admin:{name}", args=args(world)) + query
        for name, args, query in ADMIN_PAGES_SHOWING_CONTENT
    ]
    for user in (staff.superuser, staff.author, staff.reviewer):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if user != staff.superuser and response.status_code in (302, 403, 404):
                continue  # not this role's page; the authorization matrix covers who sees what
            assert_page_safe(response)
    assert Revision.objects.filter(article=world.article).count() == 2
