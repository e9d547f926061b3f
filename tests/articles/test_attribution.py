"""The public page, its JSON-LD and the board member's page credit exactly who did what in the review of the
published revision, as the audit trail records it (``articles/attribution.py``); the demo's articles are
checked one by one in ``test_attribution_demo.py``."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.attribution import attribution_from_rows
from articles.models import Article, BoardProfile
from editorial import services
from editorial.rules import Role
from tests.articles.attribution_support import (
    board_page_items,
    credit_lines,
    credit_links,
    day,
    expected_attribution,
    json_ld_roles,
)
from tests.factories import make_article, make_user, publish


@pytest.fixture
def board_of_three(staff):
    """A (no public profile), B and C (listed profiles): three board members with distinct parts."""
    BoardProfile.objects.create(user=staff.second_reviewer, slug="bea-approver", display_name="Bea Approver",
                                credentials="MD")  # fmt: skip
    checker = make_user("checker", Role.BOARD, first_name="Cy", last_name="Checker")
    BoardProfile.objects.create(user=checker, slug="cy-checker", display_name="Cy Checker", credentials="MBBS")
    return staff.reviewer, staff.second_reviewer, checker


def test_started_and_sent_back_by_one_approved_by_another_confirmed_later_by_a_third(
    client, staff, board_of_three, monkeypatch, django_capture_on_commit_callbacks
):
    a, b, c = board_of_three
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
        revision = services.revision_start_review(actor=a, revision=revision)
        revision = services.revision_request_changes(actor=a, revision=revision, comment="Cite the dose.")
        revision = services.revision_edit(
            actor=staff.author,
            revision=revision,
            expected_version=revision.version,
            summary="A rare disease of small vessels; the dose is now given.",
        )
        revision = services.revision_submit(actor=staff.author, revision=revision)
        revision = services.revision_start_review(actor=b, revision=revision)
        revision = services.revision_approve(actor=b, revision=revision)
    approved_on = day(revision.decided_at)
    url = reverse("articles:for_audience", args=["calciphylaxis", "healthcare-professional"])
    page = client.get(url).content.decode()  # now in the page cache
    assert credit_lines(page) == [
        f"Approved on {approved_on} by Bea Approver, MD.",
        "Also reviewed by Ada Reviewer (started the review and requested changes).",
    ]
    assert credit_links(page) == {"Bea Approver, MD": "/board/bea-approver/"}  # A has no public profile
    today = timezone.localdate().isoformat()
    assert json_ld_roles(page) == [
        ("started the review", "Ada Reviewer", today),
        ("requested changes", "Ada Reviewer", today),
        ("started the review", "Bea Approver", today),
        ("approved", "Bea Approver", today),
    ]

    later = timezone.now() + timedelta(days=200)  # the periodic review, months later
    with monkeypatch.context() as clock, django_capture_on_commit_callbacks(execute=True):
        clock.setattr(timezone, "now", lambda: later)
        services.article_confirm_current(actor=c, article=revision.article, comment="Still matches the guideline.")
    page = client.get(url).content.decode()  # the confirmation retired the cached page
    assert credit_lines(page) == [
        f"Approved on {approved_on} by Bea Approver, MD.",
        f"Confirmed still current on {day(later)} by Cy Checker, MBBS.",
        "Also reviewed by Ada Reviewer (started the review and requested changes).",
    ]
    assert json_ld_roles(page)[-1] == (
        "confirmed still current",
        "Cy Checker",
        timezone.localtime(later).date().isoformat(),
    )
    assert "Still matches the guideline." not in page  # the reviewer's note is for the audit trail
    assert credit_lines(page) == expected_attribution(Article.objects.get(pk=revision.article_id)).lines

    board = {profile: board_page_items(client.get(f"/board/{profile}/").content.decode())
             for profile in ("bea-approver", "cy-checker")}  # fmt: skip
    assert board == {
        "bea-approver": [f"What is calciphylaxis? Approved on {approved_on}"],
        "cy-checker": [f"What is calciphylaxis? Confirmed still current on {day(later)}"],
    }


def test_a_board_page_gives_each_day_once_and_every_part_in_order(
    client, staff, board_of_three, monkeypatch, django_capture_on_commit_callbacks
):
    """C started the review and asked for changes, B approved, and months later C confirmed it current."""
    _, b, c = board_of_three
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=c, revision=revision)
    revision = services.revision_request_changes(actor=c, revision=revision, comment="Name the trial.")
    revision = services.revision_submit(actor=staff.author, revision=revision)
    revision = services.revision_start_review(actor=b, revision=revision)
    revision = services.revision_approve(actor=b, revision=revision)
    later = timezone.now() + timedelta(days=90)
    with monkeypatch.context() as clock, django_capture_on_commit_callbacks(execute=True):
        clock.setattr(timezone, "now", lambda: later)
        services.article_confirm_current(actor=c, article=revision.article, comment="Checked.")
    first, second = day(revision.decided_at), day(later)
    assert board_page_items(client.get("/board/cy-checker/").content.decode()) == [
        f"What is calciphylaxis? Started the review and requested changes on {first}"
        f" and confirmed still current on {second}"
    ]


def test_a_confirmation_of_an_earlier_revision_is_not_credited_on_a_newer_one(client, staff, board_of_three):
    a, b, c = board_of_three
    first = publish(make_article(actor=staff.author), editor=staff.author, reviewer=a)
    services.article_confirm_current(actor=c, article=first.article, comment="Still current.")
    newer = services.revision_start_new(actor=staff.author, article=first.article)
    publish(newer, editor=staff.author, reviewer=b)
    page = client.get(reverse("articles:for_audience", args=["calciphylaxis", "student"])).content.decode()
    assert [line.split(" by ")[1] for line in credit_lines(page)] == ["Bea Approver, MD."]
    assert "Cy Checker" not in page and "Ada Reviewer" not in page
    assert board_page_items(client.get("/board/cy-checker/").content.decode()) == ["No published articles yet."]


# ---------------------------------------------------------------------------------------------
# The rules, on records as the page's query reads them (no database: the dates as SQLite writes them).


def row(record_id, at, person, action="confirm_current"):
    return {
        "id": record_id, "at": f"2026-0{at}-01 09:00:00.000000", "action": action, "person_id": person,
        "username": f"user{person}", "first_name": "", "last_name": "",
        "slug": None, "display_name": None, "credentials": None, "specialty": None, "listed": None,
    }  # fmt: skip


RULES = [
    # (what happened: (month, person, action)), the page's lines as (approver, latest confirmer, others)
    pytest.param(
        [(1, 1, "start_review"), (2, 1, "request_changes"), (3, 1, "start_review"), (4, 1, "approve")],
        (1, None, []),
        id="the approver's own earlier steps are their approval",
    ),
    pytest.param(
        [(1, 1, "start_review"), (2, 2, "approve"), (5, 3, "confirm_current"), (7, 4, "confirm_current")],
        (2, 4, [(1, ["started the review"]), (3, ["confirmed still current"])]),
        id="an earlier confirmation by someone else is credited among the others",
    ),
    pytest.param(
        [(1, 2, "start_review"), (2, 2, "approve"), (5, 1, "confirm_current"), (7, 2, "confirm_current")],
        (2, 2, [(1, ["confirmed still current"])]),
        id="the approver confirming later is named as the latest confirmation",
    ),
    pytest.param(
        [
            (1, 1, "start_review"),
            (2, 1, "request_changes"),
            (3, 2, "start_review"),
            (4, 2, "approve"),
            (6, 1, "confirm_current"),
        ],
        (2, 1, [(1, ["started the review", "requested changes"])]),
        id="the latest confirmer is still credited for starting the review",
    ),  # fmt: skip
    pytest.param(
        [(1, 1, "start_review"), (2, 1, "submit"), (3, 1, "assign"), (4, 2, "approve")],
        (2, None, [(1, ["started the review"])]),
        id="editors' steps and assignments are no review",
    ),
]


@pytest.mark.parametrize(("acts", "expected"), RULES)
def test_attribution_rules(acts, expected):
    transitions = [
        row(i, month, person, action) for i, (month, person, action) in enumerate(acts) if action != "confirm_current"
    ]
    confirmations = [
        row(i, month, person) for i, (month, person, action) in enumerate(acts) if action == "confirm_current"
    ]
    attribution = attribution_from_rows(transitions, confirmations)
    approver, confirmer, others = expected
    assert attribution.approved.person_id == approver
    assert (attribution.confirmed.person_id if attribution.confirmed else None) == confirmer
    assert [(other.person_id, [credit.role for credit in other.credits]) for other in attribution.others] == others
    assert attribution.approved.at.tzinfo is not None  # SQLite's text read back as an aware moment


# ---------------------------------------------------------------------------------------------
# Renaming a credited person reaches the cached pages.


def test_editing_a_board_profile_or_a_users_name_in_the_admin_changes_the_cached_page(
    client, staff, board_of_three, django_capture_on_commit_callbacks
):
    a, b, _ = board_of_three
    revision = services.revision_submit(actor=staff.author, revision=make_article(actor=staff.author))
    revision = services.revision_start_review(actor=a, revision=revision)
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_approve(actor=b, revision=revision)
    url = reverse("articles:for_audience", args=["calciphylaxis", "healthcare-professional"])
    assert "Bea Approver, MD" in client.get(url).content.decode()  # cached from here
    admin = Client()
    admin.force_login(staff.superuser)
    profile = BoardProfile.objects.get(user=b)
    form = {"user": b.pk, "slug": profile.slug, "display_name": "Bea Approver", "credentials": "MD, PhD",
            "specialty": "", "bio": "", "conflicts_of_interest": "", "listed": "on", "ordering": "0"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:articles_boardprofile_change", args=[profile.pk]), form)
    assert response.status_code == 302
    assert "by Bea Approver, MD, PhD" in " ".join(credit_lines(client.get(url).content.decode()))
    user_form = {"username": a.username, "first_name": "Ada", "last_name": "Lovelace-Reviewer",
                 "email": a.email, "is_active": "on", "is_staff": "on", "groups": [g.pk for g in a.groups.all()],
                 "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:auth_user_change", args=[a.pk]), user_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert (
        credit_lines(client.get(url).content.decode())[1]
        == "Also reviewed by Ada Lovelace-Reviewer (started the review)."
    )


def test_deleting_board_profiles_from_the_changelist_changes_the_cached_page(
    client, staff, board_of_three, django_capture_on_commit_callbacks
):
    """ "Delete selected" deletes through ``delete_queryset``, not ``delete_model``: it retires the pages too."""
    _, b, _ = board_of_three
    b.first_name, b.last_name = "Bea", "Without-Profile"
    b.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article(actor=staff.author), editor=staff.author, reviewer=b)
    url = reverse("articles:for_audience", args=["calciphylaxis", "healthcare-professional"])
    assert credit_links(client.get(url).content.decode()) == {"Bea Approver, MD": "/board/bea-approver/"}
    admin = Client()
    admin.force_login(staff.superuser)
    profile = BoardProfile.objects.get(user=b)
    action = {"action": "delete_selected", "_selected_action": [profile.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:articles_boardprofile_changelist"), action)
    assert response.status_code == 302 and not BoardProfile.objects.filter(pk=profile.pk).exists()
    assert credit_lines(client.get(url).content.decode())[0].endswith(" by Bea Without-Profile.")
