from django.core.management.base import BaseCommand

from ask.services import RETENTION_DAYS, questions_prune


class Command(BaseCommand):
    help = "Delete readers' questions older than the retention period (VETTED_ASK_RETENTION_DAYS). Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RETENTION_DAYS)

    def handle(self, *args, days, **options):
        self.stdout.write(f"Deleted {questions_prune(days=days)} question(s) older than {days} days.")
