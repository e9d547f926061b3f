"""HTTP like a well-behaved API: HEAD, JSON 404s for unknown addresses, public or private caching by who asks,
and every workflow step that changes what the API says changes its ETag (the page cache is retired)."""

import json

import pytest

from api.services import partner_key_issue
from editorial import services

DETAIL = "/api/v1/articles/calciphylaxis/?audience=healthcare-professional"
GET_ENDPOINTS = [
    DETAIL,
    "/api/v1/articles/",
    "/api/v1/changes/",
    "/api/v1/references/kdigo/",
]


@pytest.mark.parametrize("url", GET_ENDPOINTS)
def test_head_answers_what_get_would_without_the_body(client, cited, url):
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert (head["ETag"], head["Content-Type"], head["Cache-Control"]) == (
        got["ETag"],
        got["Content-Type"],
        got["Cache-Control"],
    )
    assert client.head(url, headers={"if-none-match": got["ETag"]}).status_code == 304


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/articles/a/b/c/", "/api/v1/%3Cscript%3E", "/api/v1/x"])
def test_unknown_addresses_under_the_api_are_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]["code"] == "not_found"


def test_an_address_without_its_final_slash_is_redirected_not_refused(client, cited):
    response = client.get("/api/v1/articles/calciphylaxis?audience=patient-or-caregiver")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/calciphylaxis/?audience=patient-or-caregiver"


def test_anonymous_reads_are_public_and_keyed_reads_private(client, cited, staff):
    anonymous = client.get(DETAIL)
    assert "public" in anonymous["Cache-Control"] and "s-maxage" in anonymous["Cache-Control"]
    assert "X-API-Key" in anonymous["Vary"]
    _, raw_key = partner_key_issue(actor=staff.chief, name="Partner")
    keyed = client.get(DETAIL, headers={"x-api-key": raw_key})  # the same answer, from the page cache
    assert keyed.content == anonymous.content
    assert "private" in keyed["Cache-Control"]
    assert "public" not in keyed["Cache-Control"] and "s-maxage" not in keyed["Cache-Control"]


def test_last_modified_answers_if_modified_since_with_304(client, cited):
    response = client.get(DETAIL)
    assert client.get(DETAIL, headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(DETAIL, headers={"if-modified-since": earlier}).status_code == 200


def test_each_workflow_step_changes_the_etag_of_what_it_changes(
    client, cited, staff, django_capture_on_commit_callbacks
):
    def etags():
        return client.get(DETAIL)["ETag"], client.get("/api/v1/changes/")["ETag"]

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):  # the invalidation runs on commit
            return action()

    seen = [etags()]
    update = step(lambda: services.revision_start_new(actor=staff.second_editor, article=cited))
    update = step(lambda: services.revision_submit(actor=staff.second_editor, revision=update))
    seen.append(etags())  # "update_in_review" is now true
    update = step(lambda: services.revision_recall(actor=staff.second_editor, revision=update))
    seen.append(etags())  # and false again
    update = step(lambda: services.revision_submit(actor=staff.second_editor, revision=update))
    update = step(lambda: services.revision_start_review(actor=staff.reviewer, revision=update))
    update = step(lambda: services.revision_approve(actor=staff.reviewer, revision=update))
    seen.append(etags())
    step(lambda: services.article_confirm_current(actor=staff.second_reviewer, article=cited, comment="Fine."))
    seen.append(etags())
    details = [detail for detail, _ in seen]
    assert details[1] != details[0] and details[2] != details[1] and len(set(details[2:])) == 3
    feeds = [feed for _, feed in seen]
    assert feeds[0] == feeds[1] == feeds[2] != feeds[3] != feeds[4]  # the feed changes with public changes only
    step(lambda: services.revision_withdraw(actor=staff.chief, revision=update, comment="x", reason_category="error"))
    assert client.get(DETAIL).status_code == 410
    assert client.get("/api/v1/changes/")["ETag"] != feeds[4]


def test_a_cursor_issued_before_cursors_were_deterministic_still_works(client, cited):
    from django.core import signing

    old_style = signing.dumps(["2000-01-01T00:00:00+00:00", 0, 0], salt="changes")
    response = client.get("/api/v1/changes/", {"cursor": old_style})
    assert response.status_code == 200 and [i["kind"] for i in json.loads(response.content)["items"]] == ["published"]
    assert client.get("/api/v1/changes/", {"cursor": old_style[:-2]}).status_code == 400
