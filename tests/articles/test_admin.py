import re

import pytest
from django.urls import reverse

from articles.models import Audience, BoardProfile, SitePage


@pytest.fixture
def admin_client_demo(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.mark.parametrize("model", [Audience, BoardProfile, SitePage])
def test_reader_site_content_is_edited_in_the_admin_with_history(admin_client_demo, model):
    info = model._meta.app_label, model._meta.model_name
    assert admin_client_demo.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    obj = model.objects.first()
    assert admin_client_demo.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200
    assert admin_client_demo.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk])).status_code == 200


def test_editing_an_audience_disclaimer_records_history_and_shows_on_the_page(admin_client_demo):
    audience = Audience.objects.get(slug="patient-or-caregiver")
    url = reverse("admin:articles_audience_change", args=[audience.pk])
    data = {
        field: getattr(audience, field)
        for field in [
            "label",
            "slug",
            "description",
            "register",
            "ordering",
            "disclaimer_title",
            "schema_audience_type",
        ]
    }
    response = admin_client_demo.post(url, {**data, "disclaimer": "Talk to your kidney team first."})
    assert response.status_code == 302
    assert audience.history.count() >= 1
    page = admin_client_demo.get(reverse("articles:for_audience", args=["calciphylaxis", audience.slug]))
    assert "Talk to your kidney team first." in page.content.decode()


def test_a_second_default_audience_is_refused_with_a_message(admin_client_demo):
    audience = Audience.objects.get(slug="student")
    data = {
        field: getattr(audience, field)
        for field in ["label", "slug", "description", "register", "ordering", "disclaimer_title", "disclaimer"]
    }
    response = admin_client_demo.post(
        reverse("admin:articles_audience_change", args=[audience.pk]),
        {**data, "schema_audience_type": audience.schema_audience_type, "is_default": "on"},
    )
    assert response.status_code == 200
    assert "Another audience is already the default" in response.content.decode()


def test_the_admin_offers_view_on_site_only_for_a_listed_board_profile(admin_client_demo):
    """An unlisted profile has no public page (404): the admin does not link to one."""
    profile = BoardProfile.objects.get(slug="maya-okafor")
    url = reverse("admin:articles_boardprofile_change", args=[profile.pk])
    view_on_site = re.compile(r'<a href="([^"]*)" class="viewsitelink">')
    assert view_on_site.findall(admin_client_demo.get(url).content.decode()) == ["/board/maya-okafor/"]
    profile.listed = False
    profile._change_reason = "Unlisted"
    profile.save()
    assert admin_client_demo.get(profile.get_absolute_url()).status_code == 404
    assert view_on_site.findall(admin_client_demo.get(url).content.decode()) == []


def test_a_listed_board_profile_is_for_a_board_member_only(client, demo, django_user_model):
    """The board page says who sits on the Medical Advisory Board: the editor-in-chief cannot list an editor
    (or themselves) there. Unlisted, the same profile is accepted."""
    chief = django_user_model.objects.get(username="chief")
    editor = django_user_model.objects.get(username="editor")
    client.force_login(chief)
    before = BoardProfile.history.count()
    fields = {"slug": "an-editor", "display_name": "An Editor", "ordering": 0, "user": editor.pk}
    refused = client.post(reverse("admin:articles_boardprofile_add"), {**fields, "listed": "on"})
    assert refused.status_code == 200
    assert "Only members of the Medical Advisory Board are listed" in refused.content.decode()
    assert BoardProfile.history.count() == before and not BoardProfile.objects.filter(user=editor).exists()
    accepted = client.post(reverse("admin:articles_boardprofile_add"), fields)
    assert accepted.status_code == 302
    assert BoardProfile.objects.get(user=editor).listed is False
    assert client.get("/board/an-editor/").status_code == 404
