"""Evidence in a real browser (Debian's Chromium): a reader sees a grade badge and follows it to its
explanation, an evidence level and a retraction notice; a board member sees the retraction queue."""

import pytest

from tests.articles.conftest import load_demo
from tests.migration_data import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
def site(live_server):
    restore_migration_data()
    load_demo()  # seed_demo: the calciphylaxis recommendations, and demo_retractions.csv imported
    return live_server.url


def test_reader_sees_grades_evidence_levels_and_the_retraction_notice(chromium, site):
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{site}/articles/calciphylaxis/for/healthcare-professional/")
    notice = page.locator(".retraction-notice")
    notice.wait_for()
    assert "This source was retracted on October 1, 2026; the board is reviewing this article." in notice.inner_text()
    source = page.locator(".reference-list li", has_text="fictional record for the Vetted demo")
    assert "Evidence: Randomised trial" in source.locator(".evidence-level").inner_text()
    assert page.locator(".reference-list .evidence-level", has_text="Guideline").count() == 1
    badges = page.locator("a.grade")
    assert badges.count() >= 3 and badges.first.inner_text() == "GRADE 1C"
    badges.first.click()
    explanation = page.locator("#grade-1c")
    explanation.wait_for()
    assert page.url.endswith("/editorial-policy/#grade-1c")
    assert "Strong recommendation; low-quality evidence" in explanation.inner_text()
    assert "strong advice, limited evidence" in explanation.inner_text()

    page.goto(f"{site}/articles/calciphylaxis/for/patient-or-caregiver/")
    plain_badge = page.locator("a.grade").first
    plain_badge.wait_for()
    assert plain_badge.inner_text() == "Strong advice, limited evidence"  # plain words for patients
    context.close()


def test_board_member_sees_the_retraction_queue_with_the_affected_sentences(chromium, site):
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.fill("#id_username", "board")
    page.fill("#id_password", "demo-board-pass")
    page.click("input[type=submit]")
    page.locator("#retraction-queue-link").click()  # from the admin index's review desk
    row = page.locator("#retraction-table tr.retraction-flag")
    row.first.wait_for()
    assert row.count() == 1
    text = row.inner_text()
    assert "calciphylaxis" in text and "[@demotrial2019]" in text and "2026-10-01" in text
    assert "We suggest that intravenous sodium thiosulfate be considered" in text  # the affected sentence
    assert "Shown since" in text  # the demo board already approved the notice
    context.close()
