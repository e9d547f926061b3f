"""`make eval`: a fresh demo database (SQLite, in a temporary directory), then the question box over
eval/questions.json through the same retrieval the answer page uses. Needs no server and no network."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/eval.sqlite3"
        os.environ["DJANGO_EMAIL_FILE_PATH"] = f"{directory}/mail"  # the demo's workflow emails
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("VETTED_CACHE_DISABLED", "1")
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        call_command("eval_answers", *sys.argv[1:])


if __name__ == "__main__":
    main()
