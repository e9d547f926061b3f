"""Import a bibliography file (RIS, BibTeX, PubMed MEDLINE or XML, CSL-JSON) with a progress bar.

    manage.py import_references library.ris --user editor [--dry-run] [--merge] [--skip-invalid]

All or nothing: one transaction; an invalid entry aborts unless --skip-invalid. Prints the import rate.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from references.importers import FORMATS, ImportFileError, check_size, decode_file, parse_text
from references.services import references_import, references_import_preview


class Command(BaseCommand):
    help = "Import references from a RIS, BibTeX, PubMed (.nbib or XML) or CSL-JSON file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="Username recorded in history as the importer.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="", help="Default: detect.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen; write nothing.")
        parser.add_argument("--merge", action="store_true", help="Fill blank fields of matching references.")
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid entries only.")
        parser.add_argument("--max-bytes", type=int, default=None, help="Override VETTED_IMPORT_MAX_BYTES.")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, path: Path, user: str, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            check_size(path.stat().st_size, options["max_bytes"])  # before reading it into memory
            fmt, text = decode_file(path.read_bytes(), path.name, options["format"], options["max_bytes"])
            records = parse_text(text, fmt)
            if options["dry_run"]:
                summary = references_import_preview(records=records, merge=options["merge"])
                for row in summary.rows:
                    if row.action != "create":
                        self.stdout.write(f"{row.action:8} {row.source}: {row.reason}")
                self.stdout.write(self._counts(summary.counts, "would"))
                return
            started = time.perf_counter()
            total = sum(1 for _ in parse_text(text, fmt))  # a cheap first pass gives the bar its total
            with tqdm(total=total, desc=f"Importing {path.name}", unit="ref", file=self.stderr._out) as bar:
                summary = references_import(
                    actor=actor,
                    records=records,
                    filename=path.name,
                    fmt=fmt,
                    merge=options["merge"],
                    skip_invalid=options["skip_invalid"],
                    progress=bar.update,
                    batch_size=options["batch_size"],
                )
            elapsed = time.perf_counter() - started
        except (ImportFileError, ValidationError, PermissionDenied) as error:
            raise CommandError(f"Nothing was imported. {' '.join(getattr(error, 'messages', [str(error)]))}") from None
        self.stdout.write(self._counts(summary.counts, "did"))
        rate = summary.total / elapsed if elapsed else 0.0
        self.stdout.write(f"{summary.total} entries in {elapsed:.2f} s: {rate:.0f} references/s")

    @staticmethod
    def _counts(counts: dict, mood: str) -> str:
        verb = {"would": "would be", "did": "were"}[mood]
        return (
            f"{counts['create']} {verb} created, {counts['merge']} merged, {counts['skip']} skipped "
            f"(already present), {counts['invalid']} invalid."
        )
