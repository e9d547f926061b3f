"""Load the local demo: staff for every role, the calciphylaxis article and a queue in every state.

Idempotent: running it twice changes nothing the second time. Everything is written through the
services, so the demo's history looks like real work, workflow emails included: they go to the outbox
and the configured email backend (files in var/mail/ by default), never over this command's output.
It prints a short summary and the demo logins (passwords: local demo only).
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.demo import seed_board_profiles
from articles.models import Article
from ask.demo import seed_ask_wording
from editorial import services
from editorial.demo_board import seed_board
from editorial.demo_content import CALCIPHYLAXIS, CALCIPHYLAXIS_UPDATE, OTHER_ARTICLES
from editorial.demo_desk import seed_review_desk
from editorial.demo_evidence import (
    sections_after_retraction,
    seed_evidence,
    seed_evidence_sources,
    with_recommendations,
)
from editorial.models import Notification, Revision
from editorial.rules import Role
from references.demo import LIBRARY_FILE, seed_references
from references.models import Reference

DEMO_USERS = [
    # username, password, roles, superuser, first name, last name
    ("editor", "demo-editor-pass", [Role.EDITOR], False, "Elena", "Editor"),
    ("editor2", "demo-editor2-pass", [Role.EDITOR], False, "Sam", "Second"),
    ("board", "demo-board-pass", [Role.BOARD], False, "Maya", "Okafor"),
    ("board2", "demo-board2-pass", [Role.BOARD], False, "Daniel", "Brandt"),
    ("chief", "demo-chief-pass", [Role.EDITOR_IN_CHIEF], False, "Clara", "Chief"),
    ("admin", "demo-admin-pass", [], True, "Ada", "Admin"),
]


def ensure_users() -> dict[str, User]:
    users = {}
    for username, password, roles, superuser, first, last in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "is_superuser": superuser,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@vetted.invalid",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        users[username] = user
    return users


def walk(revision, steps, users):
    """Take ``steps`` [(action, username, comment)] through the services."""
    for action, username, comment in steps:
        revision = services.revision_transition(
            actor=users[username], revision=revision, action=action, comment=comment
        )
    return revision


TO_APPROVED = [
    ("submit", "editor", ""),
    ("start_review", "board", ""),
    ("approve", "board", "Accurate and well sourced."),
]


FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def demo_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "revisions": Revision.objects.count(),
        "references": Reference.objects.count(),
        "emails": Notification.objects.count(),
    }


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print a summary and the demo logins."

    def handle(self, *args, **options):
        before = demo_counts()
        with transaction.atomic():
            users = ensure_users()
            seed_references(actor=users["editor"])
            seed_references(actor=users["editor"], path=LIBRARY_FILE)
            seed_evidence_sources(actor=users["editor"])
            seed_board_profiles(users)
            for spec in OTHER_ARTICLES:
                if not Article.objects.filter(slug=spec["slug"]).exists():
                    revision = services.article_create(actor=users[spec.get("author", "editor")], **spec["content"])
                    revision = walk(revision, spec["steps"], users)
                    if spec.get("update_steps"):
                        update = services.revision_start_new(
                            actor=users["editor"], article=revision.article, change_note="Routine update."
                        )
                        walk(update, spec["update_steps"], users)
                    if spec.get("confirm_current"):
                        username, note = spec["confirm_current"]
                        services.article_confirm_current(actor=users[username], article=revision.article, comment=note)
            # Last, so that the demo's main article is the newest on the home page however many others it holds.
            if not Article.objects.filter(slug=CALCIPHYLAXIS["slug"]).exists():
                self.seed_calciphylaxis(users)
            seed_review_desk(users)
            seed_evidence(users)
            seed_ask_wording(users)
            seed_board(users)
        if options["verbosity"] >= 1:
            self.print_summary(before, demo_counts())

    def print_summary(self, before: dict[str, int], after: dict[str, int]) -> None:
        """What the demo holds and what this run added, where its emails went, and who to log in as."""
        added = {name: after[name] - before[name] for name in after}
        holds = ", ".join(f"{after[name]} {name}" for name in ("articles", "revisions", "references"))
        if any(added.values()):
            news = ", ".join(f"{count} {name}" for name, count in added.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo data ready: {holds} (added now: {news})."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo data already loaded: {holds}; nothing added."))
        site = settings.VETTED_SITE_URL
        if added["emails"]:
            where = f"the outbox ({site}/admin/editorial/notification/)"
            if settings.EMAIL_BACKEND == FILE_EMAIL_BACKEND:
                where += f", and as files in {settings.EMAIL_FILE_PATH}"
            self.stdout.write(f"Its workflow emails ({added['emails']}) are in {where}.")
        self.stdout.write(f"Log in at {site}/admin/ as:")
        for username, password, roles, superuser, _, _ in DEMO_USERS:
            role = "superuser" if superuser else ", ".join(roles)
            self.stdout.write(f"  {username:<8} {password:<20} {role}")
        self.stdout.write("These passwords are for the local demo only.")

    def seed_calciphylaxis(self, users):
        revision = services.article_create(actor=users["editor"], **with_recommendations(CALCIPHYLAXIS))
        approved = walk(revision, TO_APPROVED, users)
        seed_evidence(users)  # the trial is retracted before the update below is written, which marks it
        update = services.revision_start_new(
            actor=users["editor2"], article=approved.article, change_note=CALCIPHYLAXIS_UPDATE["change_note"]
        )
        update = services.revision_edit(
            actor=users["editor2"],
            revision=update,
            expected_version=update.version,
            summary=CALCIPHYLAXIS_UPDATE["summary"],
            plain_summary=CALCIPHYLAXIS_UPDATE["plain_summary"],
            sections=sections_after_retraction(with_recommendations(CALCIPHYLAXIS)["sections"]),
        )
        walk(update, [("submit", "editor2", ""), ("start_review", "board2", "")], users)
