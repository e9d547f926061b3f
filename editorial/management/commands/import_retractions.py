"""Load a Retraction Watch CSV export and flag the approved articles that cite a retracted source.

    manage.py import_retractions retractions.csv --user editor

The whole file is checked first; a malformed file imports nothing and says which line is wrong. Then,
in one transaction with a progress bar, the library's references named by DOI or PubMed ID are marked
(with history), and every approved article citing a newly retracted one joins the "sources retracted"
queue, its editors emailed (editorial.services.evidence.retractions_import).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from editorial.errors import WorkflowError
from editorial.services.evidence import retractions_import
from references.importers import ImportFileError, check_size
from references.retractions import read_retractions


class Command(BaseCommand):
    help = "Import a Retraction Watch CSV export (DOI, PMID, nature, date), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="Username recorded in history as the importer.")

    def handle(self, *args, path: Path, user: str, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            check_size(path.stat().st_size)  # before reading it into memory
            retractions = read_retractions(path.read_bytes())
            bar = tqdm(retractions, desc=f"Importing {path.name}", unit="row", file=self.stderr._out)
            summary = retractions_import(actor=actor, retractions=bar, filename=path.name)
        except (ImportFileError, PermissionDenied, WorkflowError) as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stdout.write(
            f"{summary.rows} rows: {summary.matched} name a reference in the library, {summary.changed} changed; "
            f"{len(summary.flags)} approved article(s) flagged as citing a retracted source."
        )
        for flag in summary.flags:
            self.stdout.write(f"  {flag.article.slug} (revision {flag.revision.number}) cites [@{flag.reference.key}]")
