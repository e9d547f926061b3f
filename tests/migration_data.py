"""Transactional tests flush the database, and with it the rows data migrations created."""

import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader

DATA_MIGRATIONS = [
    ("editorial.migrations.0002_roles", "create_roles"),
    ("articles.migrations.0004_reader_audiences_and_policy", "seed"),
    ("articles.migrations.0006_staff_permissions", "grant"),
    ("articles.migrations.0015_board_disclosure_permissions", "grant"),
    ("api.migrations.0002_partner_key_permissions", "grant"),
    ("editorial.migrations.0010_edge_task_queue_permissions", "grant"),
    ("editorial.migrations.0012_evidence_retraction_queue_permissions", "grant"),
]


def restore_migration_data() -> None:
    """Put back roles, audiences and the policy page when a flush removed them (idempotent).

    ``serialized_rollback`` cannot do it for browser tests: under Playwright's event loop Django's
    connection is a different (context-local) object that lacks the serialized contents.
    """
    from django.contrib.auth.models import Group

    from articles.models import Audience

    if Group.objects.exists() and Audience.objects.exists():
        return
    apps = MigrationLoader(connection).project_state().apps  # the migrations' own model state
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
