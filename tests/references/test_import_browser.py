"""The reference import's preview in Chromium: laid out by the stylesheet, with no CSP violation."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from editorial.rules import Role
from tests.editorial.test_desk_browser import ensure_roles
from tests.factories import ReferenceFactory, make_user
from tests.security.test_browser import Watcher, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = Path(__file__).parent / "samples"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


def test_import_preview_has_no_csp_violation_and_full_width_tables(browser, live_server):
    ensure_roles()
    make_user("author", Role.EDITOR)
    ReferenceFactory(key="nejm", title="Calciphylaxis", year=2018, doi="10.1056/NEJMra1505292")  # one is skipped
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watcher = Watcher(page, live_server.url)
    log_in(page, live_server.url, "author")
    page.goto(live_server.url + reverse("admin:references_reference_import"))
    page.set_input_files("#id_file", str(SAMPLES / "pubmed.nbib"))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-summary")
    assert "/import/" in page.url
    page.wait_for_timeout(200)  # console messages (CSP reports) arrive just after the load
    assert watcher.csp_violations == []  # the inline style="width:100%" was refused here
    tables = page.locator(".module table.import-preview-table")
    assert tables.count() == 2  # the new entry and the one already present
    for index in range(tables.count()):
        table = tables.nth(index).bounding_box()
        module = tables.nth(index).locator("xpath=ancestor::div[contains(@class, 'module')]").bounding_box()
        assert table["width"] == pytest.approx(module["width"], abs=2)  # width: 100% from admin.css
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "polish-import-preview.png"), full_page=True)
    assert watcher.csp_violations == [] and watcher.errors == []
    page.context.close()
