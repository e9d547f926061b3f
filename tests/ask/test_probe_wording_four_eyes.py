"""Four eyes on the question box's wording, from its history (found by the probe session).

The policy refused only the wording's *last* changer. Whoever wrote the text could let anyone else touch
it (a comma, a synonym's meaning) and then approve their own words: a superuser (who holds every role) or
a user who is both an editor and a board member. The revision's rule is the model: nobody approves what
they wrote or changed, read from the history, superusers included.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ask import services
from ask.models import Wording
from editorial import errors
from editorial.rules import Role
from tests.factories import make_user


def _written_by(actor, text="water tablet"):
    return services.wording_save(actor=actor, wording=Wording(kind=Wording.Kind.SYNONYM, text=text, means="diuretic"))


def _touched_by(actor, wording):
    wording = Wording.objects.get(pk=wording.pk)
    wording.means = wording.means + " (a medicine)"
    return services.wording_save(actor=actor, wording=wording)


def test_a_superuser_may_not_approve_wording_they_wrote_after_someone_else_changed_it(staff):
    wording = _touched_by(staff.author, _written_by(staff.superuser))
    with pytest.raises(PermissionDenied, match="did not write"):
        services.wording_approve(actor=staff.superuser, wording=wording)
    assert Wording.objects.get(pk=wording.pk).approved_at is None


def test_an_editor_on_the_board_may_not_approve_their_own_wording_through_the_admin_action(staff):
    both = make_user("both", Role.EDITOR, Role.BOARD)
    wording = _touched_by(staff.second_editor, _written_by(both))
    client = Client()
    client.force_login(both)
    data = {"action": "approve_selected", "_selected_action": [str(wording.pk)], "index": "0"}
    response = client.post(reverse("admin:ask_wording_changelist"), data, follow=True)
    assert Wording.objects.get(pk=wording.pk).approved_at is None
    assert errors.APPROVE_WORDING_MESSAGE in response.content.decode()


def test_a_board_member_who_only_approved_earlier_may_approve_the_changed_wording(staff):
    wording = services.wording_approve(actor=staff.reviewer, wording=_written_by(staff.author))
    wording = _touched_by(staff.second_editor, wording)  # a change withdraws the approval
    assert services.wording_approve(actor=staff.reviewer, wording=wording).approved_at is not None
