"""Never lose a saved edit: two editors on one draft through the admin; the later, stale save is refused."""

from django.test import Client
from django.urls import reverse

from editorial.models import Revision
from tests.factories import make_article
from tests.security.htmlforms import scrape_form


def open_form(client, revision) -> dict:
    page = client.get(reverse("admin:editorial_revision_change", args=[revision.pk]))
    return scrape_form(page.content.decode(), "revision_form")


def test_a_stale_save_is_refused_and_the_first_save_survives(client, staff):
    revision = make_article(actor=staff.author)
    first, second = Client(), Client()
    first.force_login(staff.author)
    second.force_login(staff.second_editor)
    form_one, form_two = open_form(first, revision), open_form(second, revision)  # both open version 1
    url = reverse("admin:editorial_revision_change", args=[revision.pk])

    saved = first.post(url, form_one | {"title": ["What is calciphylaxis, exactly?"], "_save": ["Save"]})
    assert saved.status_code == 302
    stale = second.post(url, form_two | {"title": ["Overwritten?"], "_save": ["Save"]})
    assert stale.status_code == 200
    assert "Someone else changed this revision" in stale.content.decode()

    stored = Revision.objects.get(pk=revision.pk)
    assert stored.title == "What is calciphylaxis, exactly?" and stored.version == 2
    assert stored.history.count() == 2  # created, then the one accepted save
