"""The door to the one permission policy, for apps below the one that holds it.

Who may do what is decided in ``editorial/permissions.py`` (roles, the workflow's rules and the model
permissions all live there). ``articles`` and ``references`` may not import ``editorial``, so they ask
here; ``EditorialConfig.ready()`` installs the policy at start-up. Until then every question is refused:
a door that opens before its lock is fitted is a door that is open.
"""

from __future__ import annotations

from collections.abc import Callable

_policy: Callable[..., bool] | None = None


def install(policy: Callable[..., bool]) -> None:
    global _policy
    _policy = policy


def allowed(user, action: str, obj=None) -> bool:
    """``editorial.permissions.allowed``: may ``user`` take ``action`` on ``obj`` (an instance or a model)?"""
    return _policy is not None and _policy(user, action, obj)
