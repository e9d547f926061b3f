from django.core.management.base import BaseCommand

from editorial.notifications import notify_overdue
from editorial.selectors import articles_due_for_review


class Command(BaseCommand):
    help = "Email the editor-in-chief the articles overdue for periodic review (run daily by a scheduler)."

    def handle(self, *args, **options):
        overdue = [article for article in articles_due_for_review() if article.is_overdue]
        ids = notify_overdue(articles=overdue)
        self.stdout.write(f"{len(overdue)} article(s) overdue; {len(ids)} email(s) queued.")
