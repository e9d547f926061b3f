"""Retry the partners' webhooks that are due (run it from a scheduler, like send_notifications)."""

from django.core.management.base import BaseCommand

from api.webhooks import deliver_pending_webhooks


class Command(BaseCommand):
    help = "POST every webhook delivery that is due (undelivered, its backoff passed); print the counts."

    def handle(self, **options):
        counts = deliver_pending_webhooks()
        self.stdout.write(
            f"Webhooks: {counts['delivered']} delivered, {counts['failed']} failed (those are retried later)."
        )
