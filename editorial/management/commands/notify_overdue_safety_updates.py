from django.core.management.base import BaseCommand

from editorial.services import safety_overdue_notify


class Command(BaseCommand):
    help = "Email the editor-in-chief each safety update past its deadline, once (run hourly by a scheduler)."

    def handle(self, *args, **options):
        ids = safety_overdue_notify()
        self.stdout.write(f"{len(ids)} email(s) queued about overdue safety updates.")
