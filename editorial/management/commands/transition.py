"""Move a revision through the workflow from the command line, through the same service as the admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial import rules, services
from editorial.errors import WorkflowError
from editorial.models import Revision


class Command(BaseCommand):
    help = "Take one workflow step: transition <revision id> <action> --as <username> [--comment ...]"

    def add_arguments(self, parser):
        parser.add_argument("revision_id", type=int)
        parser.add_argument("action", choices=rules.USER_ACTIONS)
        parser.add_argument("--as", dest="username", required=True, help="The acting user.")
        parser.add_argument("--comment", default="")
        parser.add_argument(
            "--reason-category",
            default=rules.WithdrawalReason.OTHER,
            choices=rules.WithdrawalReason.values,
            help="withdraw only: what partners are told (the comment stays private)",
        )

    def handle(self, revision_id, action, username, comment, reason_category, **options):
        try:
            actor = get_user_model().objects.get(username=username, is_active=True)
            revision = Revision.objects.get(pk=revision_id)
        except (get_user_model().DoesNotExist, Revision.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        try:
            revision = services.revision_transition(
                actor=actor, revision=revision, action=action, comment=comment, reason_category=reason_category
            )
        except WorkflowError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Revision {revision.number} of {revision.article.slug} is now {revision.get_state_display()}."
        )
