"""A stale admin form changes nothing, on every history-kept model, not only revisions (found by the probe session).

Two people open the same change page; the first saves; the second saves the page they opened before. The
revision's form carries its version and refuses the second save, but every other change form (a shared
reference, the question box's wording, an audience's disclaimer, a site page, a board profile, an article's
review rules, a partner key) took it and silently wrote back the values the second person had loaded: the
first person's saved edit was lost, with a history row that looked like a deliberate revert. Each change
form now carries the history row it was opened on; a save on an older one is refused with a clear message.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from api.services import partner_key_issue
from articles.models import Audience, BoardProfile, ReaderReport, SitePage
from ask import services as ask_services
from ask.models import Wording
from core.history import STALE_EDIT_MESSAGE
from tests.factories import ReferenceFactory, make_article
from tests.security.htmlforms import scrape_form
from tests.security.support import snapshot


def _reference(staff):
    return ReferenceFactory(key="shared2020", title="A shared reference")


def _wording(staff):
    return ask_services.wording_save(
        actor=staff.author, wording=Wording(kind=Wording.Kind.SYNONYM, text="water tablet", means="diuretic")
    )


def _audience(staff):
    audience = Audience.objects.order_by("pk").first()
    audience.save()  # a data migration's row has no history row yet
    return audience


def _site_page(staff):
    page = SitePage.objects.order_by("pk").first() or SitePage.objects.create(
        slug="editorial-policy", title="Editorial policy", body="How we work."
    )
    page.save()
    return page


def _profile(staff):
    return BoardProfile.objects.create(user=staff.reviewer, slug="reviewer", display_name="Dr Reviewer")


def _article(staff):
    return make_article(actor=staff.author).article


def _partner_key(staff):
    return partner_key_issue(actor=staff.chief, name="Partner", webhook_url="")[0]


def _report(staff):
    article = make_article(actor=staff.author).article
    return ReaderReport.objects.create(article=article, kind="error", message="Wrong.", client_hash="x")


# (model admin URL prefix, object maker, form id, field, first value, second value, [first, second] users)
CASES = [
    ("references_reference", _reference, "reference_form", "title", "First", "Second", ["author", "second_editor"]),
    ("ask_wording", _wording, "wording_form", "means", "loop diuretic", "thiazide", ["author", "second_editor"]),
    ("articles_audience", _audience, "audience_form", "disclaimer", "First.", "Second.", ["chief", "superuser"]),
    ("articles_sitepage", _site_page, "sitepage_form", "body", "First.", "Second.", ["chief", "superuser"]),
    ("articles_boardprofile", _profile, "boardprofile_form", "bio", "First.", "Second.", ["chief", "superuser"]),
    ("articles_article", _article, "article_form", "review_interval_months", "6", "24", ["chief", "superuser"]),
    ("articles_readerreport", _report, "readerreport_form", "editor_note", "First", "Second", ["author", "chief"]),
    ("api_partnerkey", _partner_key, "partnerkey_form", "name", "First", "Second", ["chief", "superuser"]),
]


def _open(user, url, form_id):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return SimpleNamespace(client=client, data=scrape_form(response.content.decode(), form_id))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[0])
def test_a_stale_change_form_is_refused_and_the_first_save_survives(case, staff):
    prefix, make, form_id, field, first_value, second_value, (first_role, second_role) = case
    obj = make(staff)
    url = reverse(f"admin:{prefix}_change", args=[obj.pk])
    first = _open(getattr(staff, first_role), url, form_id)
    second = _open(getattr(staff, second_role), url, form_id)  # both opened the same history row

    saved = first.client.post(url, first.data | {field: [first_value], "_save": ["Save"]})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    before = snapshot()
    stale = second.client.post(url, second.data | {field: [second_value], "_save": ["Save"]})
    assert stale.status_code == 200
    assert STALE_EDIT_MESSAGE.split("{")[0] in stale.content.decode()
    assert snapshot() == before
    assert str(getattr(type(obj).objects.get(pk=obj.pk), field)) == first_value


def test_a_fresh_change_form_still_saves(staff):
    reference = _reference(staff)
    url = reverse("admin:references_reference_change", args=[reference.pk])
    opened = _open(staff.author, url, "reference_form")
    assert opened.data["seen_history"] == [str(reference.history.latest("history_id").history_id)]
    assert opened.client.post(url, opened.data | {"title": ["Fresh"]}).status_code == 302
    again = _open(staff.author, url, "reference_form")  # the page after the save carries the new row
    assert again.client.post(url, again.data | {"title": ["Fresher"]}).status_code == 302
    assert type(reference).objects.get(pk=reference.pk).title == "Fresher"


def test_the_models_the_cases_cover_are_every_changeable_history_admin_of_ours():
    """A new history-kept admin with a change form gets a case here (Revision guards its own version)."""
    from django.contrib import admin

    from core.admin import PolicyAdmin

    covered = {case[0] for case in CASES}
    changeable = {
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PolicyAdmin) and model_admin.guards_stale_edits
    }
    never_changed = {"articles_disclosure"}  # declared once, never changed
    assert changeable - covered - never_changed == set()
