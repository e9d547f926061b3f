"""The staff preview of a revision asks the policy, not "is staff" (found by the probe session).

``/preview/revisions/<pk>/`` shows any revision (drafts, rejected, withdrawn text) and was guarded by
``staff_member_required`` alone: a staff account holding no role (a former editor whose groups were
removed, an account made for someone outside the workflow) read every unpublished revision, although the
policy lets it view none of them and the admin showed it nothing.
"""

from django.test import Client
from django.urls import reverse

from core.policy import allowed
from editorial.rules import State
from tests.factories import make_user
from tests.security.support import revision_in


def test_a_staff_account_without_a_role_cannot_preview_a_draft(staff):
    draft = revision_in(State.DRAFT, staff=staff, slug="draft-preview")
    former_editor = make_user("former_editor")  # is_staff, in no group
    assert not allowed(former_editor, "view", draft)
    client = Client()
    client.force_login(former_editor)
    response = client.get(reverse("articles:preview_revision", args=[draft.pk]))
    assert response.status_code in (403, 404)
    assert draft.title not in response.content.decode()


def test_every_role_that_may_view_a_revision_still_previews_it(staff):
    draft = revision_in(State.SUBMITTED, staff=staff, slug="submitted-preview")
    for user in (staff.author, staff.second_editor, staff.reviewer, staff.chief, staff.superuser):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("articles:preview_revision", args=[draft.pk]))
        assert response.status_code == 200, user
        assert response["Cache-Control"].startswith("private") or "private" in response["Cache-Control"]
