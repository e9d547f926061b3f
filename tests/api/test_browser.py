"""In Chromium: the API's docs page works offline under the strict CSP, and what partners render is safe."""

import json
from html import escape

import pytest
from django.test import Client

from api.models import PartnerKey
from api.services import hash_key
from articles.models import Audience
from articles.rendering import ALLOWED_TAGS
from tests.security.test_browser import Watcher, hostile_article, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_loads_from_the_app_alone_with_no_csp_violation(browser, live_server, staff):
    page = browser.new_page()
    watcher = Watcher(page, live_server.url)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    page.screenshot(path="/tmp/api-docs.png", full_page=True)
    assert sorted(path.replace("\u200b", "") for path in paths) == [
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/board/{slug}/",
        "/api/v1/changes/",
        "/api/v1/references/{key}/",
    ]
    assert watcher.foreign_requests == []
    assert watcher.csp_violations == []
    assert watcher.errors == []
    page.close()


def partner_page(data: dict) -> str:
    """What a careful partner builds: HTML fields inserted as HTML, plain-text fields escaped."""
    parts = [f"<h1>{escape(data['title'])}</h1>", data["summary"]["html"], f"<p>{escape(data['summary']['text'])}</p>"]
    for section in data["sections"]:
        parts += [f"<h2>{escape(section['heading'])}</h2>", section["html"], f"<p>{escape(section['text'])}</p>"]
    for reference in data["references"]:
        parts += [reference["html"], f"<p>{escape(reference['text'])}</p>", f"<p>{escape(reference['title'])}</p>"]
    parts += [data["disclaimer"]["html"], f"<p>{escape(data['attribution'])}</p>"]
    head = "<!doctype html><html><head><title>partner</title></head>"
    return head + "<body><main>" + "".join(parts) + "</main></body></html>"


def test_every_syndicated_field_of_a_hostile_article_renders_without_script(browser, staff):
    hostile_article(staff)
    page = browser.new_page()
    watcher = Watcher(page, "about:")
    for audience in Audience.objects.all():
        data = json.loads(Client().get("/api/v1/articles/hostile/", {"audience": audience.slug}).content)
        page.set_content(partner_page(data))  # no CSP here: only the sanitiser stands between payload and reader
        page.wait_for_timeout(300)
        tags = set(page.eval_on_selector_all("main *", "nodes => nodes.map(n => n.localName)"))
        handlers = page.eval_on_selector_all(
            "main *", "nodes => nodes.flatMap(n => [...n.attributes].map(a => a.name)).filter(a => a.startsWith('on'))"
        )
        assert tags <= ALLOWED_TAGS | {"h1"}, tags - ALLOWED_TAGS  # h1: the partner's own heading
        assert handlers == []
    assert watcher.dialogs == []
    assert [url for url in watcher.foreign_requests if not url.startswith("about:")] == []
    assert watcher.errors == []
    page.close()


def test_the_editor_in_chief_issues_a_key_seen_once_and_revokes_it(browser, live_server, staff):
    page = browser.new_page()
    watcher = Watcher(page, live_server.url)
    log_in(page, live_server.url, "chief")
    page.goto(f"{live_server.url}/admin/api/partnerkey/add/")
    page.fill("#id_name", "Kidney Care app")
    page.fill("#id_requests_per_minute", "120")
    page.click("input[name=_save]")
    raw_key = page.locator("code.partner-key").inner_text()
    page.screenshot(path="/tmp/api-key-issued.png", full_page=True)
    key = PartnerKey.objects.get()
    assert hash_key(raw_key) == key.key_hash and key.requests_per_minute == 120
    page.goto(f"{live_server.url}/admin/api/partnerkey/")
    assert raw_key not in page.content() and key.prefix in page.content()
    page.check(f"input[name=_selected_action][value='{key.pk}']")
    page.select_option("select[name=action]", "revoke")
    page.click("button[name=index]")
    page.screenshot(path="/tmp/api-key-revoked.png", full_page=True)
    key.refresh_from_db()
    assert key.is_revoked
    response = page.request.get(f"{live_server.url}/api/v1/articles/", headers={"X-API-Key": raw_key})
    assert response.status == 403 and response.json()["error"]["code"] == "key_revoked"
    assert watcher.csp_violations == [] and watcher.foreign_requests == [] and watcher.errors == []
    page.close()
