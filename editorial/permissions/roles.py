"""The workflow roles, as the policy asks about them."""

from __future__ import annotations

from editorial.rules import Role, roles_of


def may_write_content(user) -> bool:
    """Editors and the editor-in-chief create articles and edit draft revisions."""
    return bool(roles_of(user) & {Role.EDITOR, Role.EDITOR_IN_CHIEF})


def is_board_member(user) -> bool:
    return Role.BOARD in roles_of(user)


def is_editor_in_chief(user) -> bool:
    return Role.EDITOR_IN_CHIEF in roles_of(user)


def requires_second_factor(user) -> bool:
    """Board members and the editor-in-chief (and superusers, who hold every role) publish and withdraw."""
    return bool(roles_of(user) & {Role.BOARD, Role.EDITOR_IN_CHIEF})
