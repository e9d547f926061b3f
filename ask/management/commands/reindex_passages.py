from django.core.management.base import BaseCommand

from ask.passages import reindex_all_passages


class Command(BaseCommand):
    help = "Write every published article's passages again (after a change to how passages are cut)."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="only published articles without passages")

    def handle(self, *args, missing, **options):
        self.stdout.write(f"Passages written for {reindex_all_passages(only_missing=missing)} article(s).")
