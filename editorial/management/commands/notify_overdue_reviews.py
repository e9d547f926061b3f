from django.core.management.base import BaseCommand

from editorial.notifications import notify_overdue_reviews


class Command(BaseCommand):
    help = "Email the editor-in-chief the articles overdue for periodic review (the worker runs it daily)."

    def handle(self, *args, **options):
        overdue = notify_overdue_reviews()
        self.stdout.write(f"{overdue} article(s) overdue; a digest queued for the editor-in-chief.")
