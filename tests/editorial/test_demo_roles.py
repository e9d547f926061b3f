"""Each demo user logs in at /admin/ and sees what their role allows, and no more."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

DEMO_LOGINS = {
    "editor": "demo-editor-pass",
    "editor2": "demo-editor2-pass",
    "board": "demo-board-pass",
    "board2": "demo-board2-pass",
    "chief": "demo-chief-pass",
    "admin": "demo-admin-pass",
}
ADD_ARTICLE = reverse("admin:articles_article_add")


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("username", list(DEMO_LOGINS))
def test_demo_user_logs_in_and_sees_their_role(client, demo, username):
    assert client.login(username=username, password=DEMO_LOGINS[username])
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Revisions" in html
    can_write = username in {"editor", "editor2", "chief", "admin"}
    assert (ADD_ARTICLE in html) == can_write
    assert client.get(ADD_ARTICLE).status_code == (200 if can_write else 403)
    queue = client.get(reverse("admin:editorial_revision_changelist") + "?queue=review")
    assert queue.status_code == 200 and "What is calciphylaxis?" in queue.content.decode()
