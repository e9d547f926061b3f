"""The reader's site in a real browser: Debian's Chromium driven by Playwright, against live_server."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.models import ReaderReport
from tests.articles.conftest import UNDER_REVIEW_MARKER, load_demo
from tests.migration_data import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def site(live_server):
    restore_migration_data()
    load_demo()
    return live_server.url


@pytest.fixture
def page(chromium):
    """A new reader: a fresh browser context, so no cookies."""
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    third_party: list[str] = []
    page.on(
        "request",
        lambda request: (
            third_party.append(request.url)
            if "127.0.0.1" not in request.url and "localhost" not in request.url
            else None
        ),
    )
    page.third_party_requests = third_party
    yield page
    context.close()


def test_new_reader_sees_every_element_of_the_article(page, site):
    page.goto(f"{site}/articles/calciphylaxis/")
    assert page.locator("h1").inner_text() == "What is calciphylaxis?"
    status = page.locator(".review-status")
    assert "Medical Advisory Board" in status.inner_text()
    assert [" ".join(s.split()) for s in page.locator(".steps li").all_inner_texts()] == [
        "✓ Submitted",
        "✓ Under review",
        "✓ Approved",
    ]
    reviewer = status.locator("a.reviewer")
    assert reviewer.inner_text() == "Maya Okafor, MD, FASN"
    assert "An update to this article is under review" in status.inner_text()
    for label in ["Last updated", "Last reviewed", "Next review due"]:
        assert page.locator(".dates dt", has_text=label).count() == 1
    assert page.locator("a[href='/editorial-policy/']").first.is_visible()
    assert page.locator("#chooser-heading").inner_text().lower() == "which best describes you?"
    assert page.locator(".chooser-option").count() == 3
    toc_links = page.locator(".toc a")
    assert toc_links.count() == 8  # seven sections (the last: graded recommendations, issue 17) and the references
    assert page.locator(".lead sup.citation a").count() >= 1
    assert page.locator(".reference-list li").count() == 7  # the six demo sources and the fictional trial
    assert page.locator(".reference-list .ref-type").first.text_content() in {"Review", "Guideline", "Research"}
    assert "Professional medical disclaimer" in page.locator(".disclaimer h2").inner_text()
    assert page.locator("a", has_text="Report a problem or ask a question").is_visible()
    assert UNDER_REVIEW_MARKER not in page.content()
    toc_links.first.click()
    assert page.url.endswith("#section-definition-and-mechanism")
    assert page.third_party_requests == []


def test_choosing_patient_switches_wording_and_is_remembered(page, site):
    page.goto(f"{site}/articles/calciphylaxis/")
    page.locator(".chooser-option", has_text="Patient or caregiver").focus()  # keyboard: focus, then Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/calciphylaxis/for/patient-or-caregiver/")
    assert "Calcium builds up inside tiny blood vessels" in page.locator(".lead").inner_text()
    assert page.locator("h2", has_text="What happens in the body").count() == 1
    assert "does not replace your care team" in page.locator(".disclaimer").inner_text()
    assert page.locator(".chooser-option[aria-current='page']").inner_text().startswith("Patient or caregiver")
    page.goto(f"{site}/articles/warfarin-and-vitamin-k/")
    assert page.url.endswith("/articles/warfarin-and-vitamin-k/for/patient-or-caregiver/")
    assert "does not replace your care team" in page.locator(".disclaimer").inner_text()
    page.locator(".chooser-option", has_text="Healthcare professional").click()  # and it can be changed at any time
    page.goto(f"{site}/articles/calciphylaxis/")
    assert page.url.endswith("/for/healthcare-professional/")


def test_citation_leads_to_its_reference_and_back(page, site):
    page.goto(f"{site}/articles/calciphylaxis/for/healthcare-professional/")
    citation = page.locator("a.citation-link[href='#ref-2']").first
    citing_id = citation.evaluate("link => link.closest('sup').id")
    citation.click()
    assert page.url.endswith("#ref-2")
    entry = page.locator("#ref-2")
    assert entry.evaluate("el => el.matches(':target')")
    assert entry.is_visible()
    back = entry.locator(f"a.backlink[href='#{citing_id}']")
    back.click()
    assert page.url.endswith(f"#{citing_id}")
    assert page.locator(f"#{citing_id}").evaluate("el => el.matches(':target')")


def test_reader_sends_a_report(page, site):
    page.goto(f"{site}/articles/calciphylaxis/for/patient-or-caregiver/")
    page.click("a.button:has-text('Report a problem or ask a question')")
    page.check("label:has-text('I have a question')")
    page.fill("textarea[name=message]", "Can calciphylaxis happen without kidney disease?")
    page.click("button:has-text('Send to the editors')")
    assert "your message was sent" in page.locator("h1").inner_text()
    report = ReaderReport.objects.get()
    assert (report.kind, report.audience_slug) == ("question", "patient-or-caregiver")


def test_report_form_shows_a_clear_error(page, site):
    page.goto(f"{site}/articles/calciphylaxis/report/")
    page.click("button:has-text('Send to the editors')")
    assert page.locator("[role=alert]").is_visible()
    assert "This field is required" in page.locator(".form-errors").inner_text()
    assert ReaderReport.objects.count() == 0


def test_reader_of_a_withdrawn_article_learns_what_and_when_and_finds_another(page, site):
    response = page.goto(f"{site}/articles/calcinosis-cutis/for/patient-or-caregiver/")
    assert response.status == 410
    assert page.locator("h1").inner_text() == "What is calcinosis cutis?"
    assert page.locator(".gone-notice").inner_text().startswith("This article has been withdrawn.")
    assert page.locator(".gone-notice time").count() == 1
    page.get_by_role("button", name="Search").last.click()  # the page's own search, filled with the topic
    assert page.url.endswith("/search/?q=calcinosis+cutis")
    # Back to the notice by address: Chromium's history navigation after a 410 sometimes detaches
    # Playwright from the page (a renderer swap), which says nothing about Vetted.
    page.goto(f"{site}/articles/calcinosis-cutis/for/patient-or-caregiver/")
    page.get_by_role("link", name="Browse all articles from A to Z").click()
    assert page.url.endswith("/az/")
    assert page.third_party_requests == []


@pytest.mark.parametrize(
    "path",
    [
        "/articles/calciphylaxis/for/healthcare-professional/",
        "/articles/calciphylaxis/for/patient-or-caregiver/",
        "/",
        "/az/",
        "/az/c/",
        "/search/?q=calciphylaxis",
        "/board/",
        "/board/maya-okafor/",
        "/board/daniel-brandt/",
        "/articles/warfarin-and-vitamin-k/for/patient-or-caregiver/",
        "/articles/calcinosis-cutis/",
        "/articles/calciphylaxis/report/",
        "/editorial-policy/",
    ],
)
def test_pages_have_no_serious_accessibility_violations(page, site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], results.generate_report()


def test_screenshots_of_the_article_for_each_audience(chromium, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for audience in ["patient-or-caregiver", "student", "healthcare-professional"]:
        for name, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
            context = chromium.new_context(viewport=viewport, device_scale_factor=1)
            page = context.new_page()
            page.goto(f"{site}/articles/calciphylaxis/for/{audience}/")
            path = SCREENSHOTS / f"article-{audience}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"horizontal scrolling on {name} for {audience}"
            context.close()


def test_report_form_works_with_the_keyboard_alone(page, site):
    page.goto(f"{site}/articles/calciphylaxis/report/")
    page.locator("#id_kind_0").focus()
    page.keyboard.press("ArrowDown")  # radio group: arrow keys move and select
    assert page.locator("#id_kind_1").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("The treatment section does not say how long the medicine is given.")
    page.keyboard.press("Tab")
    page.keyboard.type("reader@example.org")
    page.keyboard.press("Tab")  # the spam trap is not reachable; next stop is the button
    assert page.evaluate("document.activeElement.textContent") == "Send to the editors"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=your message was sent")
    assert ReaderReport.objects.get().kind == "unclear"


def test_print_layout_keeps_the_article_and_drops_the_controls(page, site):
    page.goto(f"{site}/articles/calciphylaxis/for/healthcare-professional/")
    page.emulate_media(media="print")
    assert not page.locator(".chooser").is_visible()
    assert not page.locator(".report-cta").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".reference-list").is_visible() and page.locator(".disclaimer").is_visible()


def test_the_dose_table_the_nested_list_and_the_headline_as_readers_see_them(chromium, site):
    """Issue 14: a clinician sees the headline, the other names, the nested care list and the dose table; on a
    phone the table scrolls inside its box (the page does not) and the box takes the keyboard; a patient reads
    the plain sentence instead. Screenshots of both are kept in artifacts/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=DESKTOP, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{site}/articles/calciphylaxis/for/healthcare-professional/")
    headline = page.locator(".article-header .headline")
    assert headline.inner_text().startswith("A rare and life-threatening calcification")
    assert headline.bounding_box()["y"] > page.locator("h1").bounding_box()["y"]
    assert page.locator(".also-called").inner_text() == "Also called: calcific uraemic arteriolopathy; CUA"
    treatment = page.locator("#section-treatment")
    parent = treatment.locator("li", has_text="Multidisciplinary care").first
    nested = parent.locator("ul > li")
    assert nested.count() == 3
    assert nested.first.bounding_box()["x"] > parent.bounding_box()["x"] + 10  # indented under its parent
    table = treatment.locator(".table-scroll table")
    assert table.locator("thead th").all_inner_texts() == ["Patient", "Dose", "How it is given", "How often"]
    assert table.locator("tbody tr").first.locator("td").all_inner_texts()[:2] == ["Adult on haemodialysis", "25 g"]
    treatment.screenshot(path=str(SCREENSHOTS / "issue14-treatment-clinician-desktop.png"))
    page.set_viewport_size(PHONE)
    box = treatment.locator(".table-scroll")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls inside its box
    box.focus()
    page.keyboard.press("ArrowRight")
    for _ in range(20):  # keyboard scrolling is smooth: wait for it (a string wait_for_function is CSP-blocked)
        if box.evaluate("el => el.scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    assert box.evaluate("el => el.scrollLeft") > 0
    treatment.screenshot(path=str(SCREENSHOTS / "issue14-treatment-clinician-phone.png"))
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site}/articles/calciphylaxis/for/patient-or-caregiver/")
    assert page.locator(".article-header .headline").inner_text().startswith("A rare, serious illness")
    plain = page.locator("#section-treatment")
    assert "three times a week after dialysis" in plain.inner_text() and plain.locator("table").count() == 0
    page.locator(".article-header").screenshot(path=str(SCREENSHOTS / "issue14-header-patient.png"))
    page.fill("#site-search-q", "uremic hyperkalemia calciphylaxis")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert "for=patient-or-caregiver" in page.url  # the search box carried the reader's wording
    page.fill("#page-search-q", "uremic")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-results li")
    assert "Results in the wording for patient or caregiver" in page.locator(".search-wording").inner_text()
    assert page.locator(".snippet mark").first.inner_text().lower() == "uraemic"  # the article's own spelling
    page.screenshot(path=str(SCREENSHOTS / "issue14-search-uremic-patient.png"), full_page=True)
    context.close()
