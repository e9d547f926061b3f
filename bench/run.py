"""`make bench`: serve Vetted in its production configuration and measure it, in one run.

1. Data: builds (or tops up) a corpus with ``generate_corpus`` in the database DATABASE_URL names
   (PostgreSQL), or in artifacts/bench.sqlite3 when it is unset (then at smaller sizes: said in the
   output). Times the admin pages and search (every cache cleared) in-process at the small size and
   again at the large one (``--large 100000``); ``--small-database-url`` takes the small-size figures
   from another database, so a large corpus built once need not be rebuilt.
2. HTTP: starts gunicorn (2 workers, DJANGO_DEBUG=0, WhiteNoise, collectstatic) on loopback and drives it
   with wrk from a separate process: a trivial view, the article page (each audience when the site has
   audiences) warm and with the caches disabled, home, and search when the site has it. A second
   gunicorn with a dummy cache gives the "caches cleared" figures (every request renders from scratch).
3. Prints requests per second, p50 and p99 latency, the ratio of each page to the trivial view, the
   peak resident memory of a worker, and the data-scale figures (admin pages at both sizes and their
   ratio, search p50 at both sizes and its ratio to the trivial view); exits 0. Figures, not assertions: targets
   are checked by reading them (docs/speed.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def production_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", SECRET),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
        VETTED_BENCH_VIEWS="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


class Server:
    """gunicorn with the production settings, 2 workers, on a loopback port."""

    def __init__(self, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.get("/healthz") is not None:  # any answer: the dummy-cache server answers 503
                return
            time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def get(self, path: str) -> int | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, *, seconds: int, connections: int) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603
        ["/usr/bin/wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for label, name in (("50%", "p50"), ("99%", "p99")):
        value, unit = re.search(rf"\s{label}\s+([\d.]+)(us|ms|s)", output).groups()
        figures[name] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["errors"] = int(errors.group(1)) if errors else 0
    timeouts = re.search(r"timeout (\d+)", output)
    figures["errors"] += int(timeouts.group(1)) if timeouts else 0  # a timed-out request is a failure too
    return figures


# ---------------------------------------------------------------------------------------------
# Data (in this process, through Django)


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
    what every distinct search costs, whatever the page cache holds."""
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    pages = {"trivial view": "/bench/trivial/", **SEARCH_QUERIES}
    if client.get("/search/?q=calcium").status_code != 200:
        return {}
    timings = {}
    for name, url in pages.items():
        samples = []
        for _ in range(repeats):
            for alias in caches:  # rendered revisions, page tokens and this process's pages
                caches[alias].clear()
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = statistics.median(samples)
    return timings


def scale_figures(target: int, env: dict[str, str]) -> dict:
    grow_corpus(target, env)
    return {"articles": corpus_size(), "admin": admin_timings(), "search": search_timings()}


def scale_figures_elsewhere(target: int, database_url: str) -> dict:
    """The same figures from another database (``--small-database-url``), in a child process."""
    env = production_env(DATABASE_URL=database_url)
    manage("migrate", "--noinput", "-v0", env=env)
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__).resolve()), "--scale-only", str(target)],
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
    trivial = large["search"]["trivial view"]
    print(f"{'search (x trivial at the large size)':<36}{small['articles']:>10}{large['articles']:>10}{'x triv':>8}")
    for name, small_ms in small["search"].items():
        large_ms = large["search"][name]
        print(f"{name:<36}{small_ms:>10.1f}{large_ms:>10.1f}{large_ms / trivial:>8.1f}")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per page and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds alternating trivial view and page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--small", type=int, default=1000, help="articles for the first admin timing")
    parser.add_argument("--large", type=int, default=0, help="articles for the second (default 10,000 or 3,000)")
    parser.add_argument("--redis", action="store_true", help="serve with a shared Redis cache (starts one)")
    parser.add_argument(
        "--small-database-url",
        default=os.environ.get("BENCH_SMALL_DATABASE_URL", ""),
        help="take the small-size figures in this database instead of timing DATABASE_URL's before growing it "
        "(so an already large corpus need not be rebuilt)",
    )
    parser.add_argument("--scale-only", type=int, default=0, help=argparse.SUPPRESS)  # child of the above
    args = parser.parse_args()
    if args.scale_only:
        setup_django(production_env())
        print(json.dumps(scale_figures(args.scale_only, production_env())))
        return
    if not Path("/usr/bin/wrk").exists():
        raise SystemExit("make bench needs wrk: apt-get install wrk")

    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    extra = {}
    if not on_postgres:
        (ROOT / "artifacts").mkdir(exist_ok=True)
        extra["DATABASE_URL"] = f"sqlite:///{ROOT / 'artifacts' / 'bench.sqlite3'}"
    large = args.large or (10000 if on_postgres else 3000)
    redis = None
    if args.redis:
        port = free_port()
        redis = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        extra["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    env = production_env(**extra)

    print(f"== machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"== database: {'PostgreSQL' if on_postgres else 'SQLite (smaller sizes; set DATABASE_URL for PostgreSQL)'}")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    setup_django(env)

    print(f"== data scale: {args.small} and {large} articles")
    if args.small_database_url:
        small_figures = scale_figures_elsewhere(args.small, args.small_database_url)
    else:
        grow_corpus(args.small, env)
        if corpus_size() > args.small:
            print(f"  note: the corpus already holds {corpus_size()} articles; the first column is timed at that size")
        small_figures = scale_figures(args.small, env)
    large_figures = scale_figures(large, env)
    slug = bench_article()

    servers = {"warm": Server(env)}
    results: dict[str, dict[str, float]] = {}
    trivial_runs: dict[str, dict[str, float]] = {}
    ratios: dict[str, dict[str, float]] = {}
    try:
        servers["cold"] = Server(production_env(**extra, VETTED_CACHE_DISABLED="1"))
        warm, cold = servers["warm"], servers["cold"]
        pages = {"trivial": "/bench/trivial/"}
        pages.update(public_paths(slug))
        pages["home"] = "/"
        if warm.get("/search/?q=calcium") == 200:
            pages["search"] = "/search/?q=calcium"
        measure = {}
        for name, path in pages.items():
            if name == "trivial":
                continue
            for _ in range(20):
                warm.get(path)  # warm every worker's caches
            measure[f"{name} (warm)"] = warm.url + path
            measure[f"{name} (caches cleared)"] = cold.url + path
        for _ in range(20):
            warm.get(pages["trivial"])
        for name, url in measure.items():
            # The machine is shared: each page alternates with the trivial view for several short rounds,
            # and its figures and ratios are medians over the rounds, so drifting background load hits both.
            rounds = []
            for _ in range(args.rounds):
                trivial = wrk(warm.url + pages["trivial"], seconds=args.seconds, connections=args.connections)
                page = wrk(url, seconds=args.seconds, connections=args.connections)
                rounds.append((trivial, page))
            results[name] = {key: statistics.median(page[key] for _, page in rounds) for key in rounds[0][1]}
            trivial_runs[name] = {key: statistics.median(t[key] for t, _ in rounds) for key in rounds[0][0]}
            ratios[name] = {
                "rps": statistics.median(page["rps"] / t["rps"] for t, page in rounds),
                "p50": statistics.median(page["p50"] / t["p50"] for t, page in rounds),
                "p99": statistics.median(page["p99"] / t["p99"] for t, page in rounds),
            }
        peak = max(server.peak_rss_mb() for server in servers.values())
    finally:
        for server in servers.values():
            server.stop()
        if redis is not None:
            redis.terminate()

    print(
        f"== HTTP: gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.seconds}s, cache: "
        f"{'Redis' if args.redis else 'local memory per worker'}; "
        f"medians of {args.rounds} rounds alternating with the trivial view"
    )
    print(
        f"{'page':<34}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'triv req/s':>11}{'rps ratio':>10}{'p50 x':>7}{'p99 x':>7}"
    )
    for name, figures in results.items():
        trivial = trivial_runs[name]
        print(
            f"{name:<34}{figures['rps']:>8.0f}{figures['p50']:>8.2f}{figures['p99']:>8.2f}{trivial['rps']:>11.0f}"
            f"{ratios[name]['rps']:>10.2f}{ratios[name]['p50']:>7.1f}{ratios[name]['p99']:>7.1f}"
            + (f"  ({figures['errors']:.0f} non-2xx or timed out)" if figures["errors"] else "")
        )
    print(
        f"trivial view alone: p50 {statistics.median(t['p50'] for t in trivial_runs.values()):.2f} ms (median of runs)"
    )
    if "search (warm)" not in results:
        print("search: not measured (no /search/ page in this build)")
    print(f"== peak worker memory (VmHWM): {peak:.0f} MB")
    print_scale_figures(small_figures, large_figures)


if __name__ == "__main__":
    main()
