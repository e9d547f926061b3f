import pytest
from django.urls import reverse

from articles import views
from articles.models import ReaderReport

VALID = {"kind": "error", "message": "The dose in the treatment section looks wrong.", "email": ""}


def report_url(slug="calciphylaxis"):
    return reverse("articles:report", args=[slug])


def test_report_page_has_the_form_with_a_csrf_token_and_is_private(client, demo):
    response = client.get(report_url() + "?audience=student")
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="message"' in html
    assert "private" in response["Cache-Control"]


def test_a_valid_report_is_stored_for_the_editors(client, demo):
    response = client.post(report_url(), {**VALID, "email": "reader@example.org", "audience": "student"})
    assert response.status_code == 200
    assert "your message was sent" in response.content.decode()
    report = ReaderReport.objects.get()
    assert report.article.slug == "calciphylaxis"
    assert (report.kind, report.email, report.audience_slug, report.status) == (
        "error",
        "reader@example.org",
        "student",
        "new",
    )
    assert len(report.client_hash) == 64 and "127.0.0.1" not in report.client_hash
    assert report.history.count() == 1


@pytest.mark.parametrize(
    "data, error",
    [
        ({**VALID, "message": "short"}, "at least 10 characters"),
        ({**VALID, "message": ""}, "This field is required"),
        ({**VALID, "kind": "nonsense"}, "Select a valid choice"),
        ({**VALID, "email": "not-an-email"}, "Enter a valid email address"),
        ({**VALID, "message": "x" * 4001}, "under 4000 characters"),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(client, demo, data, error):
    response = client.post(report_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the following" in html
    assert error in html
    assert ReaderReport.objects.count() == 0


def test_the_spam_trap_stores_nothing_but_looks_like_success(client, demo):
    response = client.post(report_url(), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "your message was sent" in response.content.decode()
    assert ReaderReport.objects.count() == 0


def test_reports_are_throttled_per_client_with_a_clear_429(client, demo, monkeypatch):
    monkeypatch.setattr(views, "REPORTS_PER_HOUR", 2)
    assert client.post(report_url(), VALID).status_code == 200
    assert client.post(report_url(), VALID).status_code == 200
    refused = client.post(report_url(), VALID)
    assert refused.status_code == 429
    assert "sent 2 reports in the last hour" in refused.content.decode()
    assert ReaderReport.objects.count() == 2
    other_client = client.post(report_url(), VALID, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 200


def test_reports_cannot_be_deleted(client, demo):
    client.post(report_url(), VALID)
    with pytest.raises(PermissionError):
        ReaderReport.objects.get().delete()


def test_report_about_an_unpublished_article_is_404(client, demo):
    assert client.post(report_url("dialysis-basics"), VALID).status_code == 404


def test_the_admin_inbox_marks_reports_handled_without_deleting(client, demo, django_user_model):
    client.post(report_url(), VALID)
    admin = django_user_model.objects.get(username="admin")
    client.force_login(admin)
    changelist = reverse("admin:articles_readerreport_changelist")
    page = client.get(changelist).content.decode()
    assert "The dose in the treatment section" in page
    assert "delete_selected" not in page
    report = ReaderReport.objects.get()
    client.post(changelist, {"action": "mark_handled", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == "handled"
    assert report.history.first().history_user == admin
