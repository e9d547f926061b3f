"""The data the bench measures, built through Django in this process: the generated corpus, and one
article of the cold-page target's shape with its public addresses."""

from __future__ import annotations

import os
import sys
import time

from bench.serving import ROOT, manage


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def corpus_size() -> int:
    from articles.models import Article

    return Article.objects.filter(slug__startswith="corpus-").exclude(slug__contains="-long-").count()


def grow_corpus(target: int, env: dict[str, str]) -> None:
    missing = target - corpus_size()
    if missing > 0:
        from articles.models import Article

        long_history = []
        if not Article.objects.filter(slug__contains="corpus-long-").exists():
            long_history = ["--long-history", "1000"]
        started = time.monotonic()
        manage("generate_corpus", "--articles", str(missing), *long_history, env=env)
        elapsed = time.monotonic() - started
        print(f"  generated {missing} articles in {elapsed:.0f} s ({missing / elapsed:.0f} articles/s)")


def bench_article() -> str:
    """An article of 8 sections citing 10 references (the cold-page target's shape), via the services."""
    from django.contrib.auth.models import User

    from articles.models import Article
    from editorial import services
    from references.models import Reference

    slug = "bench-eight-sections"
    if Article.objects.filter(slug=slug, published_revision__isnull=False).exists():
        return slug
    editor, board = User.objects.get(username="corpus-editor"), User.objects.get(username="corpus-board")
    keys = list(Reference.objects.filter(key__startswith="corpus-").values_list("key", flat=True)[:10])
    words = "Calcium deposits in small vessels cause painful skin lesions in patients on dialysis"
    sections = [
        {
            "heading": f"Section {n}",
            "body": f"- {words} [@{keys[n % 10]}; @{keys[(n + 1) % 10]}].\n- **Treatment** relies on "
            f"a team approach [@{keys[(n + 2) % 10]}].\n\n{words}. " * 3,
            "plain_heading": f"Part {n}",
            "plain_body": f"{words} [@{keys[n % 10]}].",
        }
        for n in range(8)
    ]
    revision = services.article_create(
        actor=editor, slug=slug, title="What is calciphylaxis?", summary=f"{words} [@{keys[0]}].", sections=sections
    )
    revision = services.revision_submit(actor=editor, revision=revision)
    revision = services.revision_start_review(actor=board, revision=revision)
    services.revision_approve(actor=board, revision=revision)
    return slug


def public_paths(slug: str) -> dict[str, str]:
    """The article page once per audience when the site has audiences (the reader site), else once."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    paths = {}
    try:
        audience_model = apps.get_model("articles", "Audience")
    except LookupError:
        audience_model = None
    if audience_model is not None:
        for audience in audience_model.objects.all():
            try:
                paths[f"article ({audience.slug})"] = reverse("articles:detail_for", args=[slug, audience.slug])
            except NoReverseMatch:
                paths[f"article ({audience.slug})"] = f"/articles/{slug}/for/{audience.slug}/"
    if not paths:
        paths["article"] = f"/articles/{slug}/"
    return paths
