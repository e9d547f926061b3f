from django.core.management.base import BaseCommand

from editorial.notifications import send_pending


class Command(BaseCommand):
    help = "Send workflow emails still waiting in the outbox (run every few minutes by a scheduler)."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"Sent {sent} email(s); {failed} failed and stay queued.")
