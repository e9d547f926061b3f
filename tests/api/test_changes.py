"""GET /api/v1/changes/: the audit trail as an ordered feed a partner replays; withdrawals are tombstones."""

import json

from editorial import services
from tests.factories import make_article, publish, publish_new_title


def feed(client, **params):
    response = client.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_publication_update_confirmation_and_withdrawal_in_order(client, staff):
    first = publish(make_article(actor=staff.author, slug="calc"), editor=staff.author, reviewer=staff.reviewer)
    publish_new_title(staff, first.article, "Calciphylaxis, revised")
    services.article_confirm_current(actor=staff.second_reviewer, article=first.article, comment="Checked.")
    current = first.article.__class__.objects.get(pk=first.article.pk).published_revision
    services.revision_withdraw(
        actor=staff.chief, revision=current, comment="PRIVATE: dosing error in table 2.", reason_category="safety"
    )
    data = feed(client)
    assert [(item["kind"], item["slug"]) for item in data["items"]] == [
        ("published", "calc"),
        ("updated", "calc"),
        ("review_confirmed", "calc"),
        ("withdrawn", "calc"),
    ]
    tombstone = data["items"][-1]
    assert tombstone["api_url"] is None and tombstone["reason_category"] == "safety"  # the category, not the words
    assert tombstone["at"]
    assert data["items"][2]["next_review_due"]
    body = json.dumps(data)
    assert "PRIVATE" not in body and "Checked." not in body  # comments are never sent
    times = [item["at"] for item in data["items"]]
    assert times == sorted(times)


def test_republished_after_withdrawal_is_published_again(client, staff):
    first = publish(make_article(actor=staff.author, slug="calc"), editor=staff.author, reviewer=staff.reviewer)
    services.revision_withdraw(actor=staff.chief, revision=first, comment="Unsafe.")
    again = services.revision_start_new(actor=staff.second_editor, article=first.article)
    publish(again, editor=staff.second_editor, reviewer=staff.reviewer)
    assert [item["kind"] for item in feed(client)["items"]] == ["published", "withdrawn", "published"]


def test_unapproved_steps_are_not_changes(client, staff):
    draft = make_article(actor=staff.author, slug="never")
    services.revision_submit(actor=staff.author, revision=draft)
    assert feed(client)["items"] == []


def test_cursor_pages_through_and_polling_with_the_last_cursor_sees_only_new_changes(
    client, staff, django_capture_on_commit_callbacks
):
    for slug in ["a", "b", "c"]:
        publish(make_article(actor=staff.author, slug=slug), editor=staff.author, reviewer=staff.reviewer)
    page = feed(client, page_size=2)
    assert [item["slug"] for item in page["items"]] == ["a", "b"] and page["next_url"]
    page = feed(client, page_size=2, cursor=page["next_cursor"])
    assert [item["slug"] for item in page["items"]] == ["c"] and page["next_url"] is None
    cursor = page["next_cursor"]
    assert feed(client, cursor=cursor) == {"items": [], "next_cursor": cursor, "next_url": None}
    with django_capture_on_commit_callbacks(execute=True):  # retires the cached feed, as in production
        publish(make_article(actor=staff.author, slug="d"), editor=staff.author, reviewer=staff.reviewer)
    assert [item["slug"] for item in feed(client, cursor=cursor)["items"]] == ["d"]


def test_since_is_inclusive(client, staff):
    publish(make_article(actor=staff.author, slug="a"), editor=staff.author, reviewer=staff.reviewer)
    b = publish(make_article(actor=staff.author, slug="b"), editor=staff.author, reviewer=staff.reviewer)
    at = b.article.__class__.objects.get(slug="b").published_at
    assert [item["slug"] for item in feed(client, since=at.isoformat())["items"]] == ["b"]


def test_bad_since_or_cursor_is_a_json_400(client, staff):
    for params in [{"since": "last week"}, {"since": "2026-01-01T00:00:00"}, {"cursor": "abc"}, {"page_size": 10_000}]:
        response = client.get("/api/v1/changes/", params)
        assert response.status_code == 400
        assert json.loads(response.content)["error"]["field"] in {"since", "cursor", "page_size"}


def test_a_since_with_an_offset_postgresql_refuses_is_read_in_utc_not_a_server_error(client, staff):
    """Found by the contract test on PostgreSQL: -20:53 is valid RFC 3339 but out of PostgreSQL's range."""
    publish(make_article(actor=staff.author, slug="offset"), editor=staff.author, reviewer=staff.reviewer)
    response = client.get("/api/v1/changes/", {"since": "2000-01-01T00:00:00-20:53"})
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["offset"]
    response = client.get("/api/v1/changes/", {"since": "9999-12-31T23:00:00-20:00"})
    assert response.status_code == 400 and response.json()["error"]
