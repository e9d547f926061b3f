"""The API's HTTP behaviour is the pages': ETag, Last-Modified, 304, public for anonymous readers, and
retired by every workflow step through the page cache's invalidation."""

import json

from django.utils.http import http_date

from editorial import services
from tests.factories import PASSWORD, publish_new_title

DETAIL = "/api/v1/articles/calciphylaxis/?audience=healthcare-professional"


def test_anonymous_detail_is_public_with_validators_and_answers_304(client, cited):
    response = client.get(DETAIL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert response["ETag"]
    cited.refresh_from_db()
    assert response["Last-Modified"] == http_date(max(cited.published_at, cited.last_reviewed_at).timestamp())
    assert client.get(DETAIL, headers={"if-none-match": response["ETag"]}).status_code == 304
    since = client.get(DETAIL, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_an_approval_retires_the_cached_detail_and_the_list(client, cited, staff, django_capture_on_commit_callbacks):
    before = client.get(DETAIL)
    listing = client.get("/api/v1/articles/", {"audience": "healthcare-professional"})
    with django_capture_on_commit_callbacks(execute=True):  # the invalidation runs on commit
        publish_new_title(staff, cited, "Calciphylaxis, revised")
    after = client.get(DETAIL, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and json.loads(after.content)["title"] == "Calciphylaxis, revised"
    relisted = client.get("/api/v1/articles/", {"audience": "healthcare-professional"})
    assert relisted["ETag"] != listing["ETag"]
    assert json.loads(relisted.content)["items"][0]["title"] == "Calciphylaxis, revised"


def test_a_withdrawal_and_a_confirmed_review_reach_the_cached_change_feed(
    client, cited, staff, django_capture_on_commit_callbacks
):
    assert [item["kind"] for item in json.loads(client.get("/api/v1/changes/").content)["items"]] == ["published"]
    with django_capture_on_commit_callbacks(execute=True):
        services.article_confirm_current(actor=staff.second_reviewer, article=cited, comment="Checked.")
    assert json.loads(client.get("/api/v1/changes/").content)["items"][-1]["kind"] == "review_confirmed"
    cited.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_withdraw(actor=staff.chief, revision=cited.published_revision, comment="Unsafe.")
    assert json.loads(client.get("/api/v1/changes/").content)["items"][-1]["kind"] == "withdrawn"
    assert client.get(DETAIL).status_code == 410


def test_errors_are_not_cached_and_signed_in_staff_get_private_responses(client, cited, staff):
    missing = client.get("/api/v1/articles/nothing/")
    assert missing.status_code == 404 and "public" not in missing.get("Cache-Control", "")
    client.login(username="author", password=PASSWORD)
    response = client.get(DETAIL)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
