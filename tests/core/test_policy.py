"""core/policy.py: the door lower apps ask through; closed until editorial installs the one policy."""

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import Audience
from core import policy
from editorial import permissions


def test_the_installed_policy_is_editorials(staff):
    assert policy._policy is permissions.allowed
    assert policy._check is permissions.check  # the refusal, in editorial/errors.py's words
    assert policy.allowed(staff.chief, "change", Audience) is permissions.allowed(staff.chief, "change", Audience)


def test_before_a_policy_is_installed_every_question_is_refused(staff):
    installed = (policy._policy, policy._check)
    try:
        policy.install(None)
        assert policy.allowed(staff.superuser, "view", Audience) is False
        with pytest.raises(PermissionDenied):
            policy.check(staff.superuser, "view", Audience)
    finally:
        policy.install(*installed)
    assert policy.allowed(staff.superuser, "view", Audience) is True
