"""Asked on an article page, the box quotes that article's passages first, then other articles' (issue 15),
in Chromium with and without JavaScript; the site-wide box ranks by score alone. One page load of the demo."""

import pytest

from tests.articles.conftest import load_demo
from tests.migration_data import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/calciphylaxis/for/patient-or-caregiver/"
# The sodium thiosulfate article's "How it is given" scores highest; the calciphylaxis article answers it too.
QUESTION = "how is sodium thiosulfate given"


def quoted_articles(page, scope: str) -> list[str]:
    """The article of each quoted passage, in the order shown (from each passage's link)."""
    links = page.locator(f"{scope} .ask-quote a.ask-passage-link")
    links.first.wait_for()
    return [href.split("/articles/")[1].split("/")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]


def test_the_article_asked_on_is_quoted_first_with_and_without_javascript(chromium, live_server):
    restore_migration_data()
    load_demo()
    site = live_server.url
    for javascript in (True, False):
        context = chromium.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(site + ARTICLE)
        page.fill("#ask-q", QUESTION)
        page.get_by_role("button", name="Ask").click()
        if javascript:
            order = quoted_articles(page, "[data-ask-result]")
            assert page.url == site + ARTICLE  # answered in place
        else:
            page.wait_for_url("**/ask/?q=*")
            order = quoted_articles(page, ".ask-answer")
        assert order[0] == "calciphylaxis" and "sodium-thiosulfate-dosing" in order, (javascript, order)
        assert order.index("sodium-thiosulfate-dosing") > max(
            i for i, slug in enumerate(order) if slug == "calciphylaxis"
        )
        context.close()
    # The site-wide box: the best-scoring passage first, whichever article it is in.
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/ask/?q={QUESTION.replace(' ', '+')}&audience=patient-or-caregiver")
    assert quoted_articles(page, ".ask-answer")[0] == "sodium-thiosulfate-dosing"
    context.close()
