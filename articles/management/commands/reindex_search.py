from django.core.management.base import BaseCommand
from django.db import transaction

from articles.search import reindex_published


class Command(BaseCommand):
    help = (
        "Write every published article's search document again from its published revision. Run it after a "
        "change to what a document holds (articles.search.index) or to the spelling rules "
        "(articles.search.spelling): the stored PostgreSQL vectors hold the spellings folded when they were written."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = reindex_published()
        self.stdout.write(self.style.SUCCESS(f"Search documents written: {count}."))
