import pytest
from django.urls import reverse

from editorial import errors, selectors, services
from editorial.models import TransitionRecord
from tests.factories import PASSWORD, make_article


def submitted(staff, slug):
    draft = make_article(actor=staff.author, slug=slug)
    return services.revision_submit(actor=staff.author, revision=draft)


def test_editor_in_chief_assigns_a_board_member_who_is_not_the_author(staff):
    revision = submitted(staff, "one")
    with pytest.raises(errors.WrongRoleError):
        services.revision_assign(actor=staff.reviewer, revision=revision, reviewer=staff.reviewer)
    with pytest.raises(errors.WrongRoleError):
        services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.author)
    assignment = services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.second_reviewer)
    assert selectors.current_assignment(revision) == assignment
    record = TransitionRecord.objects.get(revision=revision, action="assign")
    assert record.comment == "Assigned to second_reviewer"


def test_awaiting_my_review_lists_my_assignments_first(client, staff):
    older = submitted(staff, "older")
    newer = submitted(staff, "newer")
    elsewhere = submitted(staff, "elsewhere")
    services.revision_assign(actor=staff.chief, revision=newer, reviewer=staff.reviewer)
    services.revision_assign(actor=staff.chief, revision=elsewhere, reviewer=staff.second_reviewer)

    client.login(username="reviewer", password=PASSWORD)
    response = client.get(reverse("admin:editorial_revision_changelist") + "?queue=mine")

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [newer, older, elsewhere]
