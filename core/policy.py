"""The door to the one permission policy, for apps below the one that holds it.

Who may do what is decided in ``editorial/permissions.py`` (roles, the workflow's rules and the model
permissions all live there). ``articles`` and ``references`` may not import ``editorial``, so they ask
here; ``EditorialConfig.ready()`` installs the policy at start-up. Until then every question is refused:
a door that opens before its lock is fitted is a door that is open.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

_policy: Callable[..., bool] | None = None
_check: Callable[..., None] | None = None
NOT_INSTALLED_MESSAGE = "The permission policy is not installed yet."


def install(policy: Callable[..., bool], check: Callable[..., None] | None = None) -> None:
    global _policy, _check
    _policy, _check = policy, check


def allowed(user, action: str, obj=None) -> bool:
    """``editorial.permissions.allowed``: may ``user`` take ``action`` on ``obj`` (an instance or a model)?"""
    return _policy is not None and _policy(user, action, obj)


def check(user, action: str, obj=None) -> None:
    """``editorial.permissions.check``: raise the policy's named refusal, in its words, unless allowed."""
    if _check is None:
        raise PermissionDenied(NOT_INSTALLED_MESSAGE)
    _check(user, action, obj)
