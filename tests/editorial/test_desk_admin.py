"""The review desk's admin pages, through Django's test client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.models import ArticleReview, ReviewComment, TransitionRecord
from editorial.rules import State
from tests.editorial.desk_helpers import published_article, submitted_revision
from tests.factories import PASSWORD, make_article


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def in_review(staff):
    return submitted_revision(staff, published_article(staff))


def test_compare_page_shows_highlighted_changes_and_sources(client, staff, in_review):
    response = login(client, "reviewer").get(reverse("desk:compare", args=[in_review.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sodium thiosulfate is <ins>often</ins> used <del>[@a].</del><ins>[@b].</ins>" in html
    assert "<ins>[@b]</ins> Reference B" in html
    assert "<del>[@c]</del> Reference C" in html
    assert "moved from 3" in html
    assert 'href="/static/vetted/admin.css"' in html
    assert "style=" not in html.split("<body")[1]  # no inline styles (a strict CSP comes later)


def test_compare_page_offers_the_markdown_source_view(client, staff, in_review):
    response = login(client, "reviewer").get(reverse("desk:compare", args=[in_review.pk]) + "?view=source")
    html = response.content.decode()
    assert (
        '<div class="desk-diff">Sodium thiosulfate is <ins>often</ins> used <del>[@a].</del><ins>[@b].</ins></div>'
        in html
    )


def test_compare_page_accepts_any_revision_of_the_same_article_only(client, staff, in_review):
    login(client, "reviewer")
    first = in_review.article.revisions.get(number=1)
    assert client.get(reverse("desk:compare", args=[in_review.pk]) + f"?against={first.pk}").status_code == 200
    other = published_article(staff, slug="other")
    assert client.get(reverse("desk:compare", args=[in_review.pk]) + f"?against={other.pk}").status_code == 404


def test_review_page_shows_threads_readability_and_the_comparison_summary(client, staff, settings, in_review):
    settings.VETTED_READABILITY_TARGET_GRADE = 2
    services.review_comment_add(actor=staff.reviewer, revision=in_review, body="Cite <the> guideline.")
    response = login(client, "second_reviewer").get(reverse("admin:editorial_revision_change", args=[in_review.pk]))
    html = response.content.decode()
    assert "Review comments (1 open)" in html
    assert "Cite &lt;the&gt; guideline." in html
    assert "1 section(s) changed, 1 added, 1 removed, 1 moved" in html
    assert 'id="confirm-open-threads"' in html
    assert "Above target" in html  # "Eat less phosphate." is easy, but grade 2 is a strict target
    assert "Readability of the plain-language text" in html


def test_board_member_comments_on_a_section_and_approves_after_confirming(client, staff, in_review):
    login(client, "reviewer")
    treatment = in_review.sections.get(heading="Treatment")
    client.post(
        reverse("desk:comment_add", args=[in_review.pk]),
        {"section": treatment.pk, "quote": "often", "body": "How often?"},
    )
    thread = ReviewComment.objects.get()
    assert (thread.section, thread.quote, thread.author) == (treatment, "often", staff.reviewer)

    transition = reverse("admin:editorial_revision_transition", args=[in_review.pk])
    client.post(transition, {"action": "approve", "expected_version": in_review.version})
    in_review.refresh_from_db()
    assert in_review.state == State.UNDER_REVIEW

    reviewed_before = Article.objects.get(pk=in_review.article_id).last_reviewed_at
    page = client.get(reverse("admin:editorial_revision_change", args=[in_review.pk])).content.decode()
    assert 'id="full-review"' in page
    client.post(
        transition,
        {
            "action": "approve",
            "expected_version": in_review.version,
            "confirm_open_threads": "1",
            "full_review": "1",
        },
    )
    in_review.refresh_from_db()
    assert in_review.state == State.APPROVED
    assert Article.objects.get(pk=in_review.article_id).last_reviewed_at > reviewed_before
    assert "How often?" in TransitionRecord.objects.get(revision=in_review, action="approve").comment


def test_confirm_current_from_the_article_page(client, staff):
    approved = published_article(staff)
    login(client, "second_reviewer").post(
        reverse("desk:confirm_current", args=[approved.article_id]), {"comment": "Still matches guidance."}
    )
    assert ArticleReview.objects.get().reviewer == staff.second_reviewer
    page = client.get(reverse("admin:articles_article_change", args=[approved.article_id])).content.decode()
    assert "Still matches guidance." in page


def test_admin_index_counts_articles_due_for_review(client, staff):
    approved = published_article(staff)
    article = Article.objects.get(pk=approved.article_id)
    article.next_review_due = timezone.localdate() - timedelta(days=1)
    article.save()
    html = login(client, "reviewer").get(reverse("admin:index")).content.decode()
    assert 'id="due-for-review-count">1<' in html
    assert "1 overdue" in html
    due = client.get(reverse("desk:review_due")).content.decode()
    assert "Overdue by 1 day(s)" in due


def test_dashboard_is_for_the_editor_in_chief_and_draws_an_svg_chart(client, staff, in_review):
    services.revision_request_changes(actor=staff.reviewer, revision=in_review, comment="More detail.")
    response = login(client, "reviewer").get(reverse("desk:dashboard"))
    assert response.status_code == 302
    client.logout()
    response = login(client, "chief").get(reverse("desk:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="desk-chart"' in html
    assert '<title id="chart-states-title">Revisions per state</title>' in html
    assert response.context["decisions_counted"] == 2  # approval of revision 1, changes requested on 2
    assert response.context["median_decision"] is not None
    assert [row["name"] for row in response.context["load"]] == ["Ada Reviewer", "second_reviewer"]


def test_chart_labels_are_escaped(client, staff):
    staff.second_reviewer.first_name = "<script>alert(1)</script>"
    staff.second_reviewer.save()
    html = login(client, "chief").get(reverse("desk:dashboard")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_superuser_sees_the_email_outbox(client, staff, django_capture_on_commit_callbacks):
    services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, slug="outbox"))
    html = login(client, "root").get(reverse("admin:editorial_notification_changelist")).content.decode()
    assert "Review requested: What is calciphylaxis? (revision 1)" in html
    client.logout()
    assert login(client, "reviewer").get(reverse("admin:editorial_notification_changelist")).status_code == 403


def test_desk_forms_refuse_malformed_ids_without_an_error_page(client, staff, in_review):
    login(client, "reviewer")
    compare = client.get(reverse("desk:compare", args=[in_review.pk]) + "?against=abc")
    assert compare.status_code == 200  # falls back to the published revision
    for fields in [{"section": "x"}, {"parent": "1 OR 1=1"}, {"section": "99999999999999999999"}, {"section": "²"}]:
        response = client.post(reverse("desk:comment_add", args=[in_review.pk]), {**fields, "body": "Hm."}, follow=True)
        assert response.status_code == 200
        assert "not part of this revision" in response.content.decode()
    assert not ReviewComment.objects.exists()  # refused, never moved to the whole revision
    client.logout()
    response = login(client, "chief").post(reverse("desk:assign", args=[in_review.pk]), {"reviewer": "abc"})
    assert response.status_code == 302


def test_a_comment_on_another_revision_s_section_is_refused_not_moved_to_the_whole_revision(client, staff, in_review):
    other = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author, slug="another"))
    other = services.revision_start_review(actor=staff.reviewer, revision=other)
    elsewhere = other.sections.first()
    thread = services.review_comment_add(actor=staff.reviewer, revision=other, body="Elsewhere.")
    login(client, "reviewer")
    for fields in [{"section": elsewhere.pk}, {"parent": thread.pk}]:
        response = client.post(reverse("desk:comment_add", args=[in_review.pk]), {**fields, "body": "Hm."}, follow=True)
        assert "not part of this revision" in response.content.decode()
    assert not ReviewComment.objects.filter(revision=in_review).exists()
    mine = in_review.sections.first()
    client.post(reverse("desk:comment_add", args=[in_review.pk]), {"section": mine.pk, "body": "Here."})
    assert ReviewComment.objects.get(revision=in_review).section == mine


PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_hostile_text_in_comments_and_sections_is_inert_on_every_desk_page(client, staff, in_review):
    treatment = in_review.sections.get(heading="Treatment")
    services.review_comment_add(
        actor=staff.reviewer, revision=in_review, section=treatment, quote=PAYLOAD, body=PAYLOAD
    )
    services.revision_request_changes(actor=staff.reviewer, revision=in_review, comment="x")
    in_review.refresh_from_db()
    sections = [
        {"id": s.pk, "heading": s.heading + PAYLOAD, "body": s.body + PAYLOAD, "plain_body": s.plain_body + PAYLOAD}
        for s in in_review.sections.all()
    ]
    services.revision_edit(
        actor=staff.second_editor, revision=in_review, expected_version=in_review.version, sections=sections
    )
    login(client, "reviewer")
    pages = [
        reverse("desk:compare", args=[in_review.pk]),
        reverse("desk:compare", args=[in_review.pk]) + "?view=source",
        reverse("admin:editorial_revision_change", args=[in_review.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<img" not in html, url
        assert "<script>alert" not in html, url
