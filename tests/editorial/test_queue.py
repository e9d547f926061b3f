"""The revision list and the review queue (editorial/admin/queue.py): columns, order, and arrows that tell it."""

import pytest
from django.urls import reverse

from editorial import services
from editorial.admin.queue import LIST_COLUMNS, REVIEW_COLUMNS
from tests.factories import PASSWORD, make_article

QUEUE = reverse("admin:editorial_revision_changelist")


@pytest.fixture
def in_review(staff):
    """Four submitted revisions, oldest first; the second is assigned to the reviewer, the third to another."""
    revisions = [
        services.revision_submit(
            actor=staff.author, revision=make_article(actor=staff.author, slug=f"q{n}", title=f"Question {n}?")
        )
        for n in range(4)
    ]
    services.revision_assign(actor=staff.chief, revision=revisions[1], reviewer=staff.reviewer)
    services.revision_assign(actor=staff.chief, revision=revisions[2], reviewer=staff.second_reviewer)
    return revisions


def queue_page(client, user, query):
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response


def arrows(response) -> dict[str, str]:
    """The columns the header marks as sorted, by name: what the arrows say."""
    changelist = response.context["cl"]
    return {changelist.list_display[i]: order for i, order in changelist.get_ordering_field_columns().items()}


def test_the_review_queue_shows_state_assignee_and_waiting_since(client, staff, in_review):
    response = queue_page(client, staff.reviewer, "?queue=review")
    html = response.content.decode()
    assert tuple(response.context["cl"].list_display) == REVIEW_COLUMNS
    assert '<strong class="queue-mine">you</strong>' in html  # my assignment
    assert "second_reviewer" in html and "nobody yet" in html
    submitted = in_review[0].submitted_at.astimezone().strftime("%Y-%m-%d")
    assert f">{submitted}</time>" in html and "minute" in html  # the date, and how long it has waited
    assert '<span class="state state-submitted">Submitted</span>' in html
    assert html.count('class="queue-preview"') == 4


def test_the_review_queue_is_oldest_first_and_its_arrow_says_so(client, staff, in_review):
    response = queue_page(client, staff.chief, "?queue=review")
    assert list(response.context["cl"].result_list) == in_review
    # Safety updates come first, by deadline (issue 18): the deadline column's arrow says so too.
    assert arrows(response) == {"deadline": "asc", "waiting_since": "asc"}


def test_awaiting_my_review_puts_my_assignments_first_and_its_arrows_say_so(client, staff, in_review):
    response = queue_page(client, staff.reviewer, "?queue=mine")
    assert list(response.context["cl"].result_list) == [in_review[1], in_review[0], in_review[2], in_review[3]]
    assert arrows(response) == {"assignee": "asc", "deadline": "asc", "waiting_since": "asc"}


def test_a_clicked_column_orders_the_queue_as_its_arrow_says(client, staff, in_review):
    waiting = REVIEW_COLUMNS.index("waiting_since")
    response = queue_page(client, staff.reviewer, f"?queue=mine&o=-{waiting}")
    assert arrows(response) == {"waiting_since": "desc"}
    assert list(response.context["cl"].result_list) == list(reversed(in_review))

    by_title = REVIEW_COLUMNS.index("revision")
    response = queue_page(client, staff.reviewer, f"?queue=review&o=-{by_title}")
    assert arrows(response) == {"revision": "desc"}
    assert [r.title for r in response.context["cl"].result_list] == [f"Question {n}?" for n in (3, 2, 1, 0)]


def test_the_whole_list_is_newest_change_first_and_its_arrow_says_so(client, staff, in_review):
    response = queue_page(client, staff.reviewer, "")
    assert tuple(response.context["cl"].list_display) == LIST_COLUMNS
    shown = list(response.context["cl"].result_list)
    assert shown == sorted(shown, key=lambda revision: revision.updated_at, reverse=True)
    assert shown[0] == in_review[3]  # submitted last
    assert arrows(response) == {"updated": "desc"}
