"""Delete import previews nobody confirmed (they keep the uploaded file's text)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from references.models import ReferenceImport


class Command(BaseCommand):
    help = "Delete reference-import previews older than --days that were never applied (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - timedelta(days=days)
        stale = ReferenceImport.objects.filter(status=ReferenceImport.Status.PREVIEWED, uploaded_at__lt=cutoff)
        count, _ = stale.delete()
        self.stdout.write(f"Deleted {count} import previews older than {days} days.")
