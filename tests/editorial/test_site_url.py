"""Links in workflow emails start with the site's configured address (VETTED_SITE_URL), never a fixed port."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_url
from editorial.checks import SITE_URL_MISSING, site_url_check
from editorial.models import Notification
from editorial.notifications import notify_assignment, notify_transition
from tests.factories import make_article


@pytest.mark.parametrize("site", ["https://vetted.example.org", "http://127.0.0.1:8765"])
def test_email_links_start_with_the_configured_address(staff, settings, site):
    settings.VETTED_SITE_URL = site
    revision = make_article(actor=staff.author)
    notify_transition(revision=revision, action="submit", actor=staff.author)
    notify_assignment(revision=revision, reviewer=staff.reviewer, actor=staff.chief)
    link = f"{site}/admin/editorial/revision/{revision.pk}/change/"
    bodies = list(Notification.objects.values_list("body", flat=True))
    assert len(bodies) == 3 and all(f"Open the revision: {link}\n" in body for body in bodies)
    assert not any("127.0.0.1:8000" in body for body in bodies)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://vetted.example.org/", "https://vetted.example.org"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("https://example.org/vetted/", "https://example.org/vetted"),
        ("", ""),
    ],
)
def test_the_setting_is_read_as_an_address(monkeypatch, raw, expected):
    monkeypatch.setenv("VETTED_SITE_URL", raw)
    assert env_url("VETTED_SITE_URL", "") == expected


@pytest.mark.parametrize("raw", ["vetted.example.org", "ftp://vetted.example.org", "https://", "https://x.org/?a=1"])
def test_a_setting_that_is_no_address_stops_the_start_with_a_message(monkeypatch, raw):
    monkeypatch.setenv("VETTED_SITE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="VETTED_SITE_URL must be the site's address"):
        env_url("VETTED_SITE_URL", "")


def test_the_deploy_check_warns_until_the_address_is_set(settings):
    settings.VETTED_SITE_URL = ""
    assert site_url_check() == [SITE_URL_MISSING]
    settings.VETTED_SITE_URL = "https://vetted.example.org"
    assert site_url_check() == []
