"""seed_demo prints a short summary and the logins; its emails go to the outbox and files; a reseed writes nothing."""

import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.core.management import call_command

from articles.models import Article
from editorial.management.commands.seed_demo import DEMO_USERS
from editorial.models import Notification
from references.models import ReferenceImport

ROOT = Path(__file__).resolve().parents[2]


def row_counts() -> dict[str, int]:
    """Rows of every table of the project's models, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_prints_a_summary_and_the_logins_and_no_email(
    db, settings, tmp_path, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.VETTED_SITE_URL = "http://127.0.0.1:8765"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) <= 12, out
    # Counted, not spelled: the demo grows (issue 18 added the board's two articles).
    assert lines[0].startswith(f"Demo data ready: {Article.objects.count()} articles,")
    assert "Log in at http://127.0.0.1:8765/admin/ as:" in lines
    for username, password, *_ in DEMO_USERS:
        assert any(line.split()[:2] == [username, password] for line in lines)
    assert "Subject:" not in out and "Open the revision" not in out and ":8000" not in out
    # The emails are sent all the same: to the outbox and, with this backend, to files.
    emails = Notification.objects.count()
    assert emails > 10 and not Notification.objects.filter(sent_at__isnull=True).exists()
    assert f"Its workflow emails ({emails}) are in the outbox" in out
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert written.count("Subject: ") == emails
    assert "Open the revision: http://127.0.0.1:8765/admin/editorial/revision/" in written


def test_a_reseed_writes_nothing_and_says_so(db, capsys):
    call_command("seed_demo")
    before = row_counts()
    capsys.readouterr()
    call_command("seed_demo")
    assert row_counts() == before
    assert ReferenceImport.objects.count() == 2  # one per demo file; no empty import row on a reseed
    out = capsys.readouterr().out
    assert out.startswith(f"Demo data already loaded: {Article.objects.count()} articles,") and "nothing added" in out
    assert len(out.splitlines()) <= 10


def test_by_default_emails_are_written_to_files_not_printed():
    """The demo's configuration (no DJANGO_EMAIL_BACKEND) writes emails under var/mail/, never to the console."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VETTED_"))}
    code = "import config.settings as s; print(s.EMAIL_BACKEND); print(s.EMAIL_FILE_PATH); print(s.VETTED_SITE_URL)"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    backend, path, site = result.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(path) == ROOT / "var" / "mail"
    assert site == "http://127.0.0.1:8000"  # `make run`'s address; `make run PORT=...` overrides it
