from django.core.management.base import BaseCommand

from ask.passages import reindex_all_passages


class Command(BaseCommand):
    help = "Write every published article's passages again (after a change to how passages are cut)."

    def handle(self, *args, **options):
        self.stdout.write(f"Passages written for {reindex_all_passages()} article(s).")
