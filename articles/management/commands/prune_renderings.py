from django.core.management.base import BaseCommand

from articles.stored_rendering import prune_stored_renderings


class Command(BaseCommand):
    help = (
        "Delete stored renderings no page reads any more: those of an older RENDER_VERSION and those of "
        "revisions that are no longer published (superseded or withdrawn). Safe at any time: a page that "
        "needs one renders and stores it again. Run it after bumping RENDER_VERSION, or daily."
    )

    def handle(self, *args, **options):
        deleted = prune_stored_renderings()
        self.stdout.write(f"{deleted} stored rendering(s) deleted.")
