"""Bad input on every endpoint: a JSON error naming what was wrong, never HTML, never a 5xx, and no row changes.

The list endpoint's own parameters are tried one by one in ``test_list.py``; this file covers the other
endpoints and what a hostile client sends anywhere."""

import json

import pytest

from tests.security.support import diff, snapshot

CASES = [
    # (path, query, status, code, field)
    ("/api/v1/articles/no-such-article/", {}, 404, "not_found", None),
    ("/api/v1/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E/", {}, 404, "not_found", None),
    ("/api/v1/articles/calciphylaxis/", {"audience": "martians"}, 400, "unknown_audience", "audience"),
    (
        "/api/v1/articles/calciphylaxis/",
        {"audience": "<img src=x onerror=alert(1)>"},
        400,
        "unknown_audience",
        "audience",
    ),
    ("/api/v1/articles/calciphylaxis/", {"audience": "x" * 5000}, 400, "unknown_audience", "audience"),
    ("/api/v1/articles/", {"modified_since": "99999-01-01T00:00:00Z"}, 400, "invalid_parameter", "modified_since"),
    ("/api/v1/articles/", {"modified_since": "2024-02-30T00:00:00Z"}, 400, "invalid_parameter", "modified_since"),
    ("/api/v1/articles/", {"reviewed_since": "2024-01-01T00:00:00"}, 400, "invalid_parameter", "reviewed_since"),
    ("/api/v1/articles/", {"page_size": "101"}, 400, "invalid_parameter", "page_size"),
    ("/api/v1/articles/", {"page_size": "1e9"}, 400, "invalid_parameter", "page_size"),
    ("/api/v1/articles/", {"cursor": "\x00"}, 400, "invalid_cursor", "cursor"),
    ("/api/v1/changes/", {"since": "2024-02-30T00:00:00Z"}, 400, "invalid_parameter", "since"),
    ("/api/v1/changes/", {"since": "'; DROP TABLE editorial_transitionrecord; --"}, 400, "invalid_parameter", "since"),
    ("/api/v1/changes/", {"page_size": "101"}, 400, "invalid_parameter", "page_size"),
    ("/api/v1/changes/", {"page_size": "-1"}, 400, "invalid_parameter", "page_size"),
    ("/api/v1/changes/", {"cursor": "W1tdXQ:forged:sig"}, 400, "invalid_cursor", "cursor"),
    ("/api/v1/changes/", {"cursor": "a" * 10000}, 400, "invalid_cursor", "cursor"),
    ("/api/v1/references/no-such-key/", {}, 404, "not_found", None),
    ("/api/v1/references/%22%3E%3Csvg%20onload%3Dalert(1)%3E/", {}, 404, "not_found", None),
    ("/api/v1/board/no-such-member/", {}, 404, "not_found", None),
]


@pytest.mark.parametrize(("path", "query", "status", "code", "field"), CASES)
def test_bad_input_is_a_clear_json_error_and_changes_nothing(client, cited, path, query, status, code, field):
    before = snapshot()
    response = client.get(path, query)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"  # a browser never sniffs the echoed input as HTML
    error = json.loads(response.content)["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert 20 < len(error["message"]) < 400  # says what was wrong, and never echoes a flood of input back
    assert "public" not in response.get("Cache-Control", "")  # errors are never stored by shared caches
    assert diff(before, snapshot()) == []


def test_the_refusal_says_what_to_do(client, cited):
    unknown = json.loads(client.get("/api/v1/articles/calciphylaxis/", {"audience": "martians"}).content)
    assert "patient-or-caregiver" in unknown["error"]["message"]  # it lists the audiences there are
    date = json.loads(client.get("/api/v1/changes/", {"since": "yesterday"}).content)
    assert "2026-01-31T09:00:00Z" in date["error"]["message"]  # with an example of the format
    size = json.loads(client.get("/api/v1/changes/", {"page_size": "101"}).content)
    assert "100" in size["error"]["message"]
