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
from tests.security.htmlforms import scrape_form


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
    listing = client.get(reverse("admin:ask_wording_changelist")).content.decode()
    data = scrape_form(listing, "changelist-form")
    data |= {"action": ["approve_selected"], "_selected_action": [str(wording.pk)], "index": ["0"]}
    response = client.post(reverse("admin:ask_wording_changelist"), data, follow=True)
    assert Wording.objects.get(pk=wording.pk).approved_at is None
    assert errors.APPROVE_WORDING_MESSAGE in response.content.decode()


def test_a_board_member_who_only_approved_earlier_may_approve_the_changed_wording(staff):
    wording = services.wording_approve(actor=staff.reviewer, wording=_written_by(staff.author))
    wording = _touched_by(staff.second_editor, wording)  # a change withdraws the approval
    assert services.wording_approve(actor=staff.reviewer, wording=wording).approved_at is not None


def test_approving_from_a_list_opened_before_an_editor_changed_the_wording_is_refused(staff):
    """The approval is of the words the board member saw: the list carries when it was shown, and a row
    changed since is refused (a stale page, as on every form), not approved unseen."""
    wording = _written_by(staff.author)
    client = Client()
    client.force_login(staff.reviewer)
    listing = client.get(reverse("admin:ask_wording_changelist"))
    data = scrape_form(listing.content.decode(), "changelist-form")
    assert data.get("seen_at"), "the list carries the moment it was shown"
    _touched_by(staff.second_editor, wording)  # after the board member read the list
    data |= {"action": ["approve_selected"], "_selected_action": [str(wording.pk)], "index": ["0"]}
    response = client.post(reverse("admin:ask_wording_changelist"), data, follow=True)
    assert Wording.objects.get(pk=wording.pk).approved_at is None
    assert "Someone else saved this" in response.content.decode()
    # Read again, the same approval goes through.
    data = scrape_form(client.get(reverse("admin:ask_wording_changelist")).content.decode(), "changelist-form")
    data |= {"action": ["approve_selected"], "_selected_action": [str(wording.pk)], "index": ["0"]}
    client.post(reverse("admin:ask_wording_changelist"), data)
    assert Wording.objects.get(pk=wording.pk).approved_at is not None
