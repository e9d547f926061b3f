from django.core.management.base import BaseCommand

from editorial.diagram import workflow_markdown, write_readme


class Command(BaseCommand):
    help = "Print the workflow diagram generated from the transitions; --write refreshes README.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Replace the block in README.md.")

    def handle(self, *args, write=False, **options):
        if write:
            write_readme()
            self.stdout.write("README.md workflow block refreshed.")
        else:
            self.stdout.write(workflow_markdown())
