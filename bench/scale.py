"""Data-scale figures: admin pages and search timed in-process (Django's test client) at a corpus size,
or in another database through a child run of ``bench/run.py --scale-only``."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import corpus_size, grow_corpus
from bench.serving import ROOT, manage, production_env

RUN_SCRIPT = Path(__file__).resolve().with_name("run.py")  # the child that measures another database


def admin_pages() -> dict[str, str]:
    """The staff pages whose cost must not grow with the library (item 4 of the speed issue)."""
    from articles.models import Article
    from editorial.models import Revision
    from editorial.rules import IN_REVIEW_STATES

    long_article = Article.objects.filter(slug__contains="corpus-long-").first()
    in_review = Revision.objects.filter(state__in=IN_REVIEW_STATES).order_by("pk").first()
    return {
        "revisions": "/admin/editorial/revision/",
        "review queue (?queue=review)": "/admin/editorial/revision/?queue=review",
        "awaiting my review (?queue=mine)": "/admin/editorial/revision/?queue=mine",
        "article's 1,000 revisions, p1": f"/admin/editorial/revision/?article__id__exact={long_article.pk}",
        "article's 1,000 revisions, p10": f"/admin/editorial/revision/?article__id__exact={long_article.pk}&p=10",
        "articles": "/admin/articles/article/",
        "articles search": "/admin/articles/article/?q=corpus-00000",  # the same 10 matches at every size
        "references": "/admin/references/reference/",
        "workflow events": "/admin/editorial/transitionrecord/",
        "article change (1,000 revisions)": f"/admin/articles/article/{long_article.pk}/change/",
        "article history": f"/admin/articles/article/{long_article.pk}/history/",
        "revision change": f"/admin/editorial/revision/{in_review.pk}/change/",
    }


def admin_timings(repeats: int = 5) -> dict[str, float]:
    from django.contrib.auth.models import User
    from django.test import Client

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(admin)
    timings = {}
    for name, url in admin_pages().items():
        assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = statistics.median(samples)
    return timings


# "calcium" is in every generated article (the corpus draws on 52 words): the worst case for ranking.
SEARCH_QUERIES = {
    "search ?q=calcium (every article)": "/search/?q=calcium",
    "search ?q=calcium+vessels": "/search/?q=calcium+vessels",
    "search, page 5": "/search/?q=calcium&page=5",
    "search, no match": "/search/?q=zzzyzzy",
}


def search_timings(repeats: int = 11) -> dict[str, float]:
    """In-process p50 (ms) of the trivial view and of searches with every cache cleared before each request:
    what every distinct search costs, whatever the page cache holds. Each name also gets a ``<name> (cpu)``
    entry: the thread's CPU time, which other jobs on a shared machine do not stretch as they stretch the
    wall clock (under load a long request is preempted more often than a short one, so wall ratios grow)."""
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    pages = {"trivial view": "/bench/trivial/", **SEARCH_QUERIES}
    if client.get("/search/?q=calcium").status_code != 200:
        return {}
    timings = {}
    for name, url in pages.items():
        samples, cpu = [], []
        for _ in range(repeats):
            for alias in caches:  # rendered revisions, page tokens and this process's pages
                caches[alias].clear()
            started, started_cpu = time.perf_counter(), time.thread_time()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        timings[name] = statistics.median(samples)
        timings[f"{name} (cpu)"] = statistics.median(cpu)
    return timings


def scale_figures(target: int, env: dict[str, str]) -> dict:
    grow_corpus(target, env)
    return {"articles": corpus_size(), "admin": admin_timings(), "search": search_timings()}


def scale_figures_elsewhere(target: int, database_url: str) -> dict:
    """The same figures from another database (``--small-database-url``), in a child process."""
    env = production_env(DATABASE_URL=database_url)
    manage("migrate", "--noinput", "-v0", env=env)
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(RUN_SCRIPT), "--scale-only", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def print_scale_figures(small: dict, large: dict) -> None:
    print(
        f"== data scale: in-process median of 5 (admin) and p50 of 11 with caches cleared (search), ms; "
        f"{small['articles']} vs {large['articles']} generated articles (target: admin ratio <= 1.5)"
    )
    print(f"{'admin page':<36}{small['articles']:>10}{large['articles']:>10}{'ratio':>8}")
    for name, small_ms in small["admin"].items():
        large_ms = large["admin"][name]
        print(f"{name:<36}{small_ms:>10.1f}{large_ms:>10.1f}{large_ms / small_ms:>8.2f}")
    if not large["search"]:
        print("search: not measured (no /search/ page in this build)")
        return
    trivial, trivial_cpu = large["search"]["trivial view"], large["search"].get("trivial view (cpu)")
    header = f"{'search (x trivial at the large size)':<36}{small['articles']:>10}{large['articles']:>10}{'x triv':>8}"
    print(header + (f"{'cpu ms':>8}{'x triv':>8}" if trivial_cpu else ""))
    for name, small_ms in small["search"].items():
        if name.endswith(" (cpu)") or name not in large["search"]:
            continue
        large_ms, cpu_ms = large["search"][name], large["search"].get(f"{name} (cpu)")
        cpu = f"{cpu_ms:>8.2f}{cpu_ms / trivial_cpu:>8.1f}" if cpu_ms and trivial_cpu else ""
        print(f"{name:<36}{small_ms:>10.1f}{large_ms:>10.1f}{large_ms / trivial:>8.1f}{cpu}")
