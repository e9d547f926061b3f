"""The one permission policy (editorial/permissions/): its tables, the four-eyes rule, and its doors.

The workflow's table by role is in test_workflow_matrix.py and the desk's in test_desk_rules.py; every
admin door as every role is in tests/security/test_authorization_matrix.py.
"""

import pytest
from django.contrib.auth.models import Group

from articles.models import Audience, BoardProfile, ReaderReport, SitePage
from core import policy
from editorial import errors, permissions, selectors, services
from editorial.models import Notification, Revision, TransitionRecord
from editorial.rules import Role, State
from references.models import Reference
from tests.editorial.desk_helpers import sections_of
from tests.factories import make_article, make_user
from tests.security.support import revision_in


def test_the_groups_model_permissions_mirror_the_policy(staff):
    """The data migrations grant the groups their admin permissions; the policy's table must say the same."""
    for role in Role.ALL:
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert granted == set(permissions.MODEL_GRANTS[role]), role


def test_apps_below_editorial_ask_the_same_policy_through_core(staff):
    assert policy.allowed(staff.chief, "change", Audience) is True
    assert policy.allowed(staff.author, "change", Audience) is False
    assert policy.allowed(staff.reviewer, "view", BoardProfile) is True
    assert policy.allowed(staff.reviewer, "view", SitePage) is False
    assert policy.allowed(staff.author, "add", Reference) is True
    assert policy.allowed(staff.reviewer, "add", Reference) is False


@pytest.mark.parametrize("model", [TransitionRecord, Notification])
@pytest.mark.parametrize("action", ["add", "change", "delete", "revert"])
def test_audit_records_are_written_by_nobody_through_the_admin(staff, model, action):
    assert not permissions.allowed(staff.superuser, action, model)


@pytest.mark.parametrize("who", ["author", "chief", "superuser"])
def test_reports_and_site_pages_are_never_deleted_and_reports_never_added(staff, who):
    user = getattr(staff, who)
    assert not permissions.allowed(user, "delete", SitePage)
    assert not permissions.allowed(user, "delete", ReaderReport)
    assert not permissions.allowed(user, "add", ReaderReport)


def test_history_is_never_reverted_through_the_admin_even_where_the_object_may_be_changed(staff):
    revision = revision_in(State.DRAFT, staff=staff)
    audience = Audience.objects.order_by("pk").first()
    assert permissions.allowed(staff.chief, "change", audience)  # the chief edits it instead
    for obj in (revision, revision.article, audience):
        for who in ("author", "reviewer", "chief", "superuser"):
            assert not permissions.allowed(getattr(staff, who), "revert", obj), (obj, who)


def test_an_unknown_action_is_refused_by_name(staff):
    assert permissions.allowed(staff.superuser, "publish_now") is False
    with pytest.raises(errors.WorkflowError, match="no transition called 'publish_now'"):
        permissions.check(staff.superuser, "publish_now")


def _in_review_after(staff, *, edit):
    revision = make_article(actor=staff.author, slug="edited", sections=[{"heading": "Causes", "body": "Calcium."}])
    edit(revision)
    revision = services.revision_submit(actor=staff.author, revision=Revision.objects.get(pk=revision.pk))
    return services.revision_start_review(actor=staff.reviewer, revision=revision)


def test_a_superuser_who_changed_the_summary_may_not_approve(staff):
    def edit(revision):
        services.revision_edit(
            actor=staff.superuser, revision=revision, expected_version=revision.version, summary="Rewritten by root."
        )

    revision = _in_review_after(staff, edit=edit)
    assert permissions.content_changes_by(staff.superuser, revision) == ["its title, headline, other names or summary"]
    assert not permissions.allowed(staff.superuser, "approve", revision)
    with pytest.raises(
        errors.SelfApprovalError,
        match=r"You changed this revision.s content \(its title, headline, other names or summary\), so another board",
    ):
        services.revision_approve(actor=staff.superuser, revision=revision)
    assert Revision.objects.get(pk=revision.pk).state == State.UNDER_REVIEW
    assert services.revision_approve(actor=staff.second_reviewer, revision=revision).state == State.APPROVED


def test_a_superuser_who_changed_only_a_section_may_not_approve(staff):
    def edit(revision):
        sections = sections_of(revision)
        sections[0]["body"] = "Calcium, as root wrote it."
        services.revision_edit(
            actor=staff.superuser, revision=revision, expected_version=revision.version, sections=sections
        )

    revision = _in_review_after(staff, edit=edit)
    assert permissions.content_changes_by(staff.superuser, revision) == ["its sections"]
    with pytest.raises(errors.SelfApprovalError, match="its sections"):
        services.revision_approve(actor=staff.superuser, revision=revision)


def test_workflow_steps_by_a_board_member_are_not_content_changes(staff):
    revision = _in_review_after(staff, edit=lambda revision: None)
    assert permissions.content_changes_by(staff.reviewer, revision) == []
    assert permissions.allowed(staff.reviewer, "approve", revision)


def test_one_definition_of_who_may_be_assigned(staff):
    """Board members without an email address are assignable (and the service agrees); authors are not."""
    no_email = make_user("no_email", Role.BOARD)
    no_email.email = ""
    no_email.save()
    revision = revision_in(State.SUBMITTED, staff=staff)
    assignable = selectors.assignable_reviewers(revision)
    assert no_email in assignable
    assert staff.author not in assignable
    assert {staff.reviewer, staff.second_reviewer} <= set(assignable)
    services.revision_assign(actor=staff.chief, revision=revision, reviewer=no_email)
    with pytest.raises(errors.WrongRoleError):
        services.revision_assign(actor=staff.chief, revision=revision, reviewer=staff.author)


def test_the_revision_page_says_why_there_is_no_approve_button(staff, client):
    def edit(revision):
        services.revision_edit(
            actor=staff.superuser, revision=revision, expected_version=revision.version, summary="Rewritten by root."
        )

    revision = _in_review_after(staff, edit=edit)
    client.force_login(staff.superuser)
    page = client.get(f"/admin/editorial/revision/{revision.pk}/change/").content.decode()
    assert (
        'id="approve-refusal"' in page
        and "You changed this revision&#x27;s content (its title, headline, other names or summary), so another" in page
    )
    assert 'value="approve"' not in page
    client.force_login(staff.second_reviewer)
    page = client.get(f"/admin/editorial/revision/{revision.pk}/change/").content.decode()
    assert 'id="approve-refusal"' not in page and 'value="approve"' in page
