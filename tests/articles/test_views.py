import re

import pytest
from django.urls import reverse

from articles.templatetags.vetted import time_element
from articles.views import AUDIENCE_COOKIE
from editorial import services
from editorial.models import Revision, TransitionRecord
from tests.articles.conftest import UNDER_REVIEW_MARKER
from tests.factories import make_article

PATIENT, STUDENT, CLINICIAN = "patient-or-caregiver", "student", "healthcare-professional"


def for_audience(slug, audience):
    return reverse("articles:for_audience", args=[slug, audience])


def test_article_page_shows_every_element_of_the_published_page(client, demo):
    response = client.get(for_audience("calciphylaxis", CLINICIAN))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "<h1>What is calciphylaxis?</h1>",
        "Medical Advisory Board",
        "Article review status",
        "Submitted",
        "Under review",
        'aria-current="step"',
        "Approved on",
        '<a href="/board/maya-okafor/" class="reviewer">Maya Okafor, MD, FASN</a>',
        "An update to this article is under review",
        "Last updated",
        "Last reviewed",
        "Next review due",
        'href="/editorial-policy/"',
        "Which best describes you?",
        "On this page",
        'id="section-definition-and-mechanism"',
        'class="citation-link"',
        'id="ref-1"',
        'class="ref-type ref-type-review"',
        "Professional medical disclaimer",
        "Report a problem or ask a question about this page",
        '<link rel="canonical" href="http://testserver/articles/calciphylaxis/for/healthcare-professional/">',
        'property="og:title"',
        'type="application/ld+json"',
    ]:
        assert expected in html, expected
    assert UNDER_REVIEW_MARKER not in html


def test_patient_page_reads_plain_text_and_patient_disclaimer(client, demo):
    html = client.get(for_audience("calciphylaxis", PATIENT)).content.decode()
    assert "Calcium builds up inside tiny blood vessels" in html
    assert "What happens in the body" in html
    assert "this page does not replace your care team" in html
    assert "Professional medical disclaimer" not in html
    assert 'aria-current="page"' in html


def test_student_page_reads_professional_text_with_its_own_disclaimer(client, demo):
    html = client.get(for_audience("calciphylaxis", STUDENT)).content.decode()
    assert "calcific uremic arteriolopathy" in html
    assert "For learning, not for patient care" in html


def test_canonical_audience_page_does_not_depend_on_cookies(client, demo):
    response = client.get(for_audience("calciphylaxis", PATIENT))
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response.headers
    assert "private" not in response.get("Cache-Control", "")


def test_article_without_a_remembered_audience_is_the_default_page_varying_on_cookie(client, demo):
    response = client.get(reverse("articles:detail", args=["calciphylaxis"]))
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]
    assert "Professional medical disclaimer" in response.content.decode()


def test_remembered_audience_redirects_privately_to_its_page(client, demo):
    client.cookies[AUDIENCE_COOKIE] = PATIENT
    response = client.get(reverse("articles:detail", args=["calciphylaxis"]))
    assert response.status_code == 302
    assert response["Location"] == for_audience("calciphylaxis", PATIENT)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_unknown_remembered_audience_is_ignored(client, demo):
    client.cookies[AUDIENCE_COOKIE] = "martian"
    assert client.get(reverse("articles:detail", args=["calciphylaxis"])).status_code == 200


def test_choosing_an_audience_sets_the_cookie_and_goes_to_its_page(client, demo):
    response = client.get(reverse("articles:choose_audience", args=["calciphylaxis", PATIENT]))
    assert response.status_code == 302
    assert response["Location"] == for_audience("calciphylaxis", PATIENT)
    assert response.cookies[AUDIENCE_COOKIE].value == PATIENT
    assert response.cookies[AUDIENCE_COOKIE]["httponly"]
    assert "private" in response["Cache-Control"]
    follow = client.get(reverse("articles:detail", args=["warfarin-and-vitamin-k"]))
    assert follow["Location"] == for_audience("warfarin-and-vitamin-k", PATIENT)


def test_unknown_audience_is_404(client, demo):
    assert client.get(for_audience("calciphylaxis", "martian")).status_code == 404


@pytest.mark.parametrize("slug", ["no-such-article", "ckd-mbd", "dialysis-basics", "sodium-thiosulfate"])
def test_unknown_or_unpublished_articles_are_404_with_the_site_page(client, demo, slug):
    response = client.get(reverse("articles:detail", args=[slug]))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_withdrawn_article_is_410_naming_it_with_when_and_where_to_go_next(client, demo):
    withdrawal = TransitionRecord.objects.get(article__slug="calcinosis-cutis", action="withdraw")
    for url in [reverse("articles:detail", args=["calcinosis-cutis"]), for_audience("calcinosis-cutis", PATIENT)]:
        response = client.get(url)
        assert response.status_code == 410
        html = response.content.decode()
        assert "<title>Withdrawn: What is calcinosis cutis? | Vetted</title>" in html
        assert "<h1>What is calcinosis cutis?</h1>" in html
        assert "This article has been withdrawn." in html
        assert f"Our editor-in-chief took it off the site on {time_element(withdrawal.created_at)}." in html
        assert '<a href="/az/">Browse all articles from A to Z</a>' in html
        assert re.search(r'<form [^>]*role="search" method="get" action="/search/">', html)
        assert 'name="q" value="calcinosis cutis"' in html
        assert '<meta name="robots" content="noindex">' in html
        assert withdrawal.comment not in html  # the reason is the editor-in-chief's note to the audit trail
        assert "Dystrophic, metastatic" not in html  # and none of the withdrawn text


def test_the_approver_and_who_started_the_review_are_credited_each_with_their_part(client, demo):
    html = client.get(for_audience("warfarin-and-vitamin-k", CLINICIAN)).content.decode()
    # Revision 2 of the warfarin demo: review started by board2, who requested changes; approved by board.
    assert re.search(r'Approved on <time[^>]*>[^<]*</time> by <a href="/board/maya-okafor/" class="reviewer">'
                     r"Maya Okafor, MD, FASN</a>\.", html)  # fmt: skip
    assert re.search(r'Also reviewed by <a href="/board/daniel-brandt/" class="reviewer">Daniel Brandt, MD, PhD</a> '
                     r"\(started the review and requested changes\)\.", html)  # fmt: skip
    assert "An update to this article is under review" not in html


def test_preview_is_staff_only(client, demo):
    pending = Revision.objects.get(article__slug="calciphylaxis", state="under_review")
    url = reverse("articles:preview_revision", args=[pending.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_preview_shows_any_revision_with_its_state_privately(client, demo, django_user_model):
    pending = Revision.objects.get(article__slug="calciphylaxis", state="under_review")
    client.force_login(django_user_model.objects.get(username="editor"))
    response = client.get(reverse("articles:preview_revision", args=[pending.pk]) + "?audience=" + PATIENT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Staff preview." in html and "Under review" in html and "readers do not see it" in html
    assert UNDER_REVIEW_MARKER in html  # staff may read it; readers never
    assert "about half of people with it die" in html  # the plain wording was asked for
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in html


def test_preview_warns_about_unknown_citation_keys(client, demo, django_user_model):
    editor = django_user_model.objects.get(username="editor")
    revision = make_article(actor=editor, slug="new-topic", summary="Claim [@nowhere].")
    client.force_login(editor)
    html = client.get(reverse("articles:preview_revision", args=[revision.pk])).content.decode()
    assert "These citations name no source in the library" in html
    assert '<span class="citation-unknown">unknown source: nowhere</span>' in html


def test_home_lists_recent_and_links_to_letters_with_published_articles(client, demo):
    html = client.get(reverse("articles:home")).content.decode()
    assert "What is calciphylaxis?" in html  # recently updated
    assert 'href="/az/c/"' in html and 'href="/az/w/"' in html
    for unpublished in ["What is dialysis?", "What is calcinosis cutis?", "What is CKD-mineral"]:
        assert unpublished not in html
    assert 'role="search"' in html


def test_a_to_z_lists_letters_with_counts_not_every_article(client, demo):
    html = client.get(reverse("articles:az")).content.decode()
    assert 'href="/az/c/"' in html and 'href="/az/w/"' in html
    assert "How does warfarin interact with vitamin K?" not in html


def test_a_letter_page_lists_only_its_published_articles(client, demo):
    html = client.get(reverse("articles:az_letter", args=["w"])).content.decode()
    assert "How does warfarin interact with vitamin K?" in html
    assert "What is calciphylaxis?" not in html
    assert 'aria-current="page"' in html
    html = client.get(reverse("articles:az_letter", args=["c"])).content.decode()
    assert "What is calciphylaxis?" in html
    for unpublished in ["What is calcinosis cutis?", "What is CKD-mineral"]:
        assert unpublished not in html


def test_board_and_profile_pages_show_credentials_and_conflicts(client, demo):
    html = client.get(reverse("articles:board")).content.decode()
    assert "Maya Okafor, MD, FASN" in html and "Nephrology" in html
    assert "speaker fees" in html
    profile = client.get(reverse("articles:board_member", args=["maya-okafor"])).content.decode()
    assert "Conflicts of interest" in profile and "What is calciphylaxis?" in profile


def test_editorial_policy_page_describes_the_workflow(client, demo):
    html = client.get(reverse("articles:editorial_policy")).content.decode()
    for state in ["Draft", "Submitted", "Under review", "Approved", "Changes requested", "Rejected", "Withdrawn"]:
        assert state in html


def test_publishing_the_update_changes_the_page_and_clears_the_notice(client, demo, django_user_model):
    pending = Revision.objects.get(article__slug="calciphylaxis", state="under_review")
    services.revision_approve(actor=django_user_model.objects.get(username="board"), revision=pending)
    html = client.get(for_audience("calciphylaxis", CLINICIAN)).content.decode()
    assert UNDER_REVIEW_MARKER in html  # now approved, so public
    assert "An update to this article is under review" not in html


def test_public_pages_answer_head_requests_for_caches_and_crawlers(client, demo):
    for url in [reverse("articles:home"), for_audience("calciphylaxis", PATIENT), reverse("articles:feed")]:
        assert client.head(url).status_code == 200, url
