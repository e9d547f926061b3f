"""Write every published article as JSON Lines, the detail endpoint's schema, for partners' nightly files."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from api.export import export_lines
from articles import selectors


class Command(BaseCommand):
    help = (
        "Write every published article, one JSON object a line (the schema of GET /api/v1/articles/{slug}/), "
        "to --output or standard output; a progress bar goes to standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write ('-', the default: standard output).")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--audience", help="One audience's wording (default: the default audience).")
        which.add_argument("--all-audiences", action="store_true", help="One line per article and audience.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for cron logs).")

    def handle(self, output, audience, all_audiences, no_progress, **options):
        options_ = selectors.audiences()
        if all_audiences:
            chosen = options_
        elif audience:
            chosen = [option for option in options_ if option.slug == audience]
            if not chosen:
                names = ", ".join(option.slug for option in options_)
                raise CommandError(f"No audience is called {audience!r}; use one of: {names}.")
        else:
            chosen = [selectors.default_audience(options_)]
        total = selectors.published_articles().count() * len(chosen)
        # A file is written beside its final name and moved into place when complete: a partner never
        # downloads half an export, and a failed run leaves yesterday's file.
        partial = f"{output}.partial"
        stream = sys.stdout if output == "-" else open(partial, "w", encoding="utf-8")  # noqa: SIM115
        written = 0
        try:
            with tqdm(total=total, unit="article", file=sys.stderr, disable=no_progress) as progress:
                for line in export_lines(chosen):
                    stream.write(line + "\n")
                    written += 1
                    progress.update(1)
        except BaseException:
            if stream is not sys.stdout:
                stream.close()
                os.remove(partial)
            raise
        if stream is not sys.stdout:
            stream.close()
            os.replace(partial, output)
        self.stderr.write(f"Wrote {written} article(s) for {', '.join(a.slug for a in chosen)}.")
