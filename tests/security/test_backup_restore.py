"""Backup and restore: pg_dump, then pg_restore into an empty database, gives identical content and history."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection

from editorial import services
from tests.factories import ReferenceFactory, make_article, publish

# No serialized_rollback: an earlier transactional test's flush re-creates content types (post_migrate), and
# reloading the serialized copy on top of them fails; the staff fixture restores the data-migration rows.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def pg_tool(name: str) -> str:
    found = shutil.which(name) or f"/usr/lib/postgresql/15/bin/{name}"
    if not Path(found).exists():
        pytest.skip(f"{name} is not installed")
    return found


def table_contents(dsn: str) -> dict[str, list[tuple]]:
    tables = sorted({model._meta.db_table for model in apps.get_models()})
    with psycopg.connect(dsn) as conn:
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables}  # noqa: S608


def test_dump_and_restore_gives_identical_content_history_and_integrity(staff, tmp_path):
    ReferenceFactory(key="nigwekar2015")
    first = publish(
        make_article(actor=staff.author, summary="Rare [@nigwekar2015]."), editor=staff.author, reviewer=staff.reviewer
    )
    second = services.revision_start_new(actor=staff.second_editor, article=first.article)
    services.revision_edit(actor=staff.second_editor, revision=second, expected_version=1, title="Now what?")

    db = connection.settings_dict
    env = os.environ | {"PGPASSWORD": db.get("PASSWORD") or ""}
    common = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    restored = f"{db['NAME']}_restored"
    dump = tmp_path / "vetted.dump"
    subprocess.run([pg_tool("pg_dump"), *common, "-Fc", "-f", str(dump), db["NAME"]], env=env, check=True)  # noqa: S603
    subprocess.run([pg_tool("dropdb"), *common, "--if-exists", restored], env=env, check=True)  # noqa: S603
    subprocess.run([pg_tool("createdb"), *common, restored], env=env, check=True)  # noqa: S603
    try:
        subprocess.run(  # noqa: S603
            [pg_tool("pg_restore"), *common, "--no-owner", "-d", restored, str(dump)], env=env, check=True
        )
        auth = f"{db['USER']}:{db.get('PASSWORD') or ''}@" if db.get("PASSWORD") else f"{db['USER']}@"
        base = f"postgresql://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        assert table_contents(f"{base}/{restored}") == table_contents(f"{base}/{db['NAME']}")
        check = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "check_integrity"],
            cwd=ROOT,
            env=env | {"DATABASE_URL": f"{base}/{restored}"},
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        subprocess.run([pg_tool("dropdb"), *common, "--if-exists", restored], env=env, check=False)  # noqa: S603
