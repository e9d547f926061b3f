"""Announcements of public changes, for the app on top (``api``'s webhooks) that editorial may not import.

Editorial's services call ``public_change`` inside the transaction of an approval, a confirmed review or a
withdrawal; each listener (installed by its app's ``ready()``, as ``core.policy`` is) writes what it needs
in that same transaction, so a rolled-back step announces nothing. Listeners must not send anything
themselves before the commit.
"""

from __future__ import annotations

from collections.abc import Callable

TRANSITION, REVIEW = "transition", "review"  # the audit record behind a change: a TransitionRecord or an ArticleReview

_listeners: list[Callable[..., None]] = []


def listen(listener: Callable[..., None]) -> None:
    """Call ``listener(source=..., pk=...)`` on every public change (installing it twice changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def public_change(*, source: str, pk: int) -> None:
    """The public article changed; ``source``/``pk`` name the audit record that says how."""
    for listener in _listeners:
        listener(source=source, pk=pk)
