""" "Add article" in Chromium: the slug fills from the question as it is typed, under the strict CSP."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article
from editorial.rules import Role
from tests.editorial.test_desk_browser import ensure_roles
from tests.factories import make_user
from tests.security.test_browser import Watcher, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture
def add_article_page(browser, live_server):
    ensure_roles()
    make_user("author", Role.EDITOR)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    watcher = Watcher(page, live_server.url)
    log_in(page, live_server.url, "author")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    yield page, watcher
    page.context.close()


@pytest.mark.parametrize(
    "title, slug",
    [
        ("What is calciphylaxis?", "calciphylaxis"),
        ("What is a skin biopsy?", "skin-biopsy"),
        ("How does warfarin interact with vitamin K?", "warfarin-interact-with-vitamin-k"),
        ("What causes calciphylaxis?", "what-causes-calciphylaxis"),
        ("Qu'est-ce que la calciphylaxie ?", "qu-est-ce-que-la-calciphylaxie"),
    ],
)
def test_the_slug_is_filled_from_the_question_as_it_is_typed(add_article_page, title, slug):
    page, watcher = add_article_page
    page.locator("#id_title").press_sequentially(title)
    assert page.input_value("#id_slug") == slug
    assert watcher.csp_violations == [] and watcher.errors == []


def test_a_slug_the_editor_wrote_is_kept_and_the_article_is_created(add_article_page):
    page, watcher = add_article_page
    help_text = page.locator(".field-slug .help").inner_text()
    assert "/articles/<slug>/" in help_text and "/articles//" not in help_text
    page.locator("#id_title").press_sequentially("What is calciphylaxis?")
    assert page.input_value("#id_slug") == "calciphylaxis"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "polish-add-article-slug.png"), full_page=True)
    page.fill("#id_slug", "calciphylaxis-overview")
    page.locator("#id_title").press("End")
    page.locator("#id_title").press_sequentially(" (overview)")
    assert page.input_value("#id_slug") == "calciphylaxis-overview"  # the editor's own slug stays
    page.fill("#id_summary", "A rare disease of small blood vessels.")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    article = Article.objects.get()
    assert article.slug == "calciphylaxis-overview"
    assert article.revisions.get().title == "What is calciphylaxis? (overview)"
    assert watcher.csp_violations == [] and watcher.errors == []
