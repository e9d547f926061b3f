"""The soak's library, seeded in this process through the services: staff, published articles, and per
phase the revisions the board races to approve and the drafts the editors save."""

from __future__ import annotations

import os

PASSWORD = "soak-test-password-0xC0FFEE"  # every seeded staff member's; soak.browser logs in with it


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def seed(articles: int, reviews_per_phase: int, phases: int) -> dict:
    from django.contrib.auth.models import Group, User

    from editorial import services
    from editorial.rules import Role

    def user(name, role):
        account = User.objects.create_user(name, f"{name}@soak.invalid", PASSWORD, is_staff=True)
        account.groups.add(Group.objects.get(name=role))
        return account

    board = [user("board1", Role.BOARD), user("board2", Role.BOARD)]
    editors = [user("editor1", Role.EDITOR), user("editor2", Role.EDITOR)]
    # No trailing spaces: the admin form strips them, which would count as a section change on every save.
    sections = [{"heading": f"Part {n}", "body": " ".join(["Text"] * 80), "plain_body": "Plain."} for n in range(4)]
    slugs, reviews, drafts = [], [], []
    needed = max(articles, reviews_per_phase * phases + 2 * phases)
    for number in range(needed):
        slug = f"article-{number:03d}"
        revision = services.article_create(
            actor=editors[number % 2],
            slug=slug,
            title=f"What is condition {number}?",
            summary="A summary.",
            sections=sections,
        )
        revision = services.revision_submit(actor=editors[number % 2], revision=revision)
        revision = services.revision_start_review(actor=board[0], revision=revision)
        services.revision_approve(actor=board[number % 2], revision=revision)
        slugs.append(slug)
    # Per phase: revisions under review (the board races to approve them) and drafts (editors save them).
    from articles.models import Article, Audience

    pool = list(Article.objects.order_by("slug"))
    for phase in range(phases):
        chosen = pool[phase * reviews_per_phase : (phase + 1) * reviews_per_phase]
        phase_reviews = []
        for article in chosen:
            revision = services.revision_start_new(actor=editors[0], article=article, change_note="Soak review")
            revision = services.revision_submit(actor=editors[0], revision=revision)
            phase_reviews.append(services.revision_start_review(actor=board[1], revision=revision).pk)
        reviews.append(phase_reviews)
        offset = phases * reviews_per_phase + 2 * phase
        drafts.append(
            [
                (editors[i].username, services.revision_start_new(actor=editors[i], article=pool[offset + i]).pk)
                for i in range(2)
            ]
        )
    audiences = list(Audience.objects.values_list("slug", flat=True))
    return {"slugs": slugs, "audiences": audiences, "reviews": reviews, "drafts": drafts}
