"""The question box in Chromium (Playwright, Debian's /usr/bin/chromium, live_server): asked on the article
page with and without JavaScript, a passage link and a citation followed, a refusal sent to the editors and
read in their inbox. The strict CSP stays on: the script is an external static file."""

import pytest

from tests.articles.conftest import load_demo
from tests.migration_data import restore_migration_data
from tests.security.test_browser import Watcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/calciphylaxis/for/patient-or-caregiver/"


@pytest.fixture
def site(live_server):
    restore_migration_data()
    load_demo()
    return live_server.url


def new_page(chromium, *, javascript: bool):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    return context.new_page()


def test_asking_on_the_article_page_with_javascript_shows_quoted_passages_in_place(chromium, site):
    page = new_page(chromium, javascript=True)
    watcher = Watcher(page, site)
    page.goto(site + ARTICLE)
    page.fill("#ask-q", "how is calciphylaxis treated")
    page.get_by_role("button", name="Ask").click()
    # Two sections answer it (the demo's "What the experts advise" ranks first); follow the Treatment one.
    quote = page.locator("[data-ask-result] .ask-quote", has=page.locator("figcaption", has_text="Treatment")).first
    quote.wait_for()
    assert page.url == site + ARTICLE  # answered in place
    assert "sodium thiosulfate" in quote.inner_text()
    assert "not personal medical advice" in page.locator("[data-ask-result] .ask-notice").inner_text()
    assert "Maya Okafor" in quote.locator(".ask-credit").inner_text()
    assert watcher.csp_violations == [] and watcher.errors == [] and watcher.foreign_requests == []
    page.context.close()


def test_without_javascript_the_box_opens_the_answer_page_whose_links_lead_to_the_passage_and_source(chromium, site):
    page = new_page(chromium, javascript=False)
    page.goto(site + ARTICLE)
    page.fill("#ask-q", "how is calciphylaxis treated")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_url("**/ask/?q=*")
    answer_url = page.url
    quote = page.locator(".ask-quote", has=page.locator("figcaption", has_text="Treatment")).first
    assert "sodium thiosulfate" in quote.locator("blockquote").inner_text()
    # The citation leads to the article's reference list, its entry highlighted (:target).
    quote.locator("a.citation-link").first.click()
    page.wait_for_url("**/articles/calciphylaxis/for/patient-or-caregiver/#ref-*")
    assert page.locator("li:target").get_attribute("id").startswith("ref-")
    # The passage link leads to its section on the article page, highlighted on arrival.
    page.goto(answer_url)
    quote.locator("a.ask-passage-link").click()
    page.wait_for_url("**/articles/calciphylaxis/for/patient-or-caregiver/#section-treatment*")
    assert page.locator("section:target").get_attribute("id") == "section-treatment"
    page.context.close()


def test_a_refusal_is_sent_to_the_editors_and_read_in_their_inbox(chromium, site):
    page = new_page(chromium, javascript=False)
    page.goto(site + ARTICLE)
    # A question no demo article touches: near misses are answered or refused by the calibrated threshold
    # (README "The question box: refusal"); this test is about what a refusal offers.
    page.fill("#ask-q", "What is lupus nephritis?")
    page.get_by_role("button", name="Ask").click()
    assert "No reviewed answer yet" in page.locator(".ask-refusal").inner_text()
    page.get_by_role("link", name="Send this question to the editors").click()
    page.check("#id_consent")
    page.get_by_role("button", name="Send to the editors").click()
    assert "your question was sent" in page.locator("h1").inner_text()
    page.context.close()

    editor = new_page(chromium, javascript=True)
    editor.goto(f"{site}/admin/login/?next=/admin/ask/question/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", "demo-editor-pass")
    editor.click("input[type=submit]")
    editor.wait_for_url("**/admin/ask/question/")
    row = editor.locator("#result_list tbody tr", has_text="What is lupus nephritis?")
    assert row.count() == 1
    assert "calciphylaxis" in row.inner_text()  # the article page it was asked on
    editor.context.close()
