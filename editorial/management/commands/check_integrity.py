from django.core.management.base import BaseCommand, CommandError

from editorial.integrity import find_violations


class Command(BaseCommand):
    help = (
        "Verify the stored data: published revisions are Approved and their own, one Approved revision per "
        "article, the audit trail matches the state history, every cited key resolves. Exits 1 on a violation."
    )

    def handle(self, *args, **options):
        violations = find_violations()
        for violation in violations:
            self.stdout.write(str(violation))
        if violations:
            raise CommandError(f"{len(violations)} integrity violation(s) found.")
        self.stdout.write(self.style.SUCCESS("Integrity check passed: no violations."))
