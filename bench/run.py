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

The parts: ``serving`` (gunicorn and wrk), ``corpus`` (the data, through Django), ``scale`` (the in-process
data-scale figures); this file runs them in order and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# `python bench/run.py` puts bench/ on the path, not the repository that holds the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api import api_paths, print_api_targets  # noqa: E402
from bench.corpus import bench_article, corpus_size, grow_corpus, public_paths, setup_django  # noqa: E402
from bench.scale import print_scale_figures, scale_figures, scale_figures_elsewhere  # noqa: E402
from bench.serving import ROOT, Server, free_port, manage, production_env, wrk  # noqa: E402
from bench.stack import breakdown, print_breakdown, print_stack_figures, stack_figures, verdict  # noqa: E402


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
    large = args.large or 10000  # issue 19's SQLite search target is at 10,000 articles
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
    # The question box ranks the passage table, which generate_corpus does not write: cut the corpus's
    # published articles into passages (only those without any, so a second run adds nothing).
    manage("reindex_passages", "--missing", env=env)

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
            pages["search, two words"] = "/search/?q=calcium+vessels"  # snippets centred on both words
        # The question box (issue 15): target p50 at most 5x the trivial view's, caches cleared.
        question = "/ask/?q=how+is+calcium+treated&audience=healthcare-professional"
        if ready(warm, question) and ready(cold, question):
            pages["question"] = question
        pages.update(api_paths(slug))  # the syndication API (bench/api.py)
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
        # Issue 19: Vetted's trivial view against a stock Django project's (bench/stock_settings.py), alternating.
        servers["stock"] = Server(production_env(**extra, DJANGO_SETTINGS_MODULE="bench.stock_settings"))
        stock_rounds = []
        for _ in range(args.rounds):
            timing = {"seconds": args.seconds, "connections": args.connections}
            stock_rounds.append(
                (wrk(servers["stock"].url + pages["trivial"], **timing), wrk(warm.url + pages["trivial"], **timing))
            )
        peak = max(server.peak_rss_mb() for name, server in servers.items() if name != "stock")
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
    question = ratios.get("question (caches cleared)")
    if question:  # issue 15's target for the question box
        print(f"question page, caches cleared: p50 {question['p50']:.1f}x the trivial view's (target: at most 5x)")
    if "search (warm)" not in results:
        print("search: not measured (no /search/ page in this build)")
    print_api_targets(ratios, database="PostgreSQL" if on_postgres else "SQLite", articles=large_figures["articles"])
    print(f"== peak worker memory (VmHWM): {peak:.0f} MB")
    print_targets(results, ratios, stock_rounds, on_postgres, large_figures["articles"])
    print_stack_figures(stack_figures())
    print_breakdown(breakdown())  # what each middleware adds, for the closing note's profile
    print_scale_figures(small_figures, large_figures)


def ready(server: Server, path: str, seconds: float = 600) -> bool:
    """Has ``path`` answered 200 on every worker (several in a row)? The question page answers 503 "starting
    up" while a fresh worker builds its passage index in the background (ask.retrieval)."""
    deadline, answers = time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        answers.append(server.get(path))
        if answers[-6:] == [200] * 6:
            return True
        if answers[-1] not in (200, 503):
            return False
        time.sleep(1)
    return False


def print_targets(results, ratios, stock_rounds, on_postgres: bool, articles: int) -> None:
    """Issue 19's targets for what readers feel, each with this run's figure (medians over the rounds)."""
    database = "PostgreSQL" if on_postgres else "SQLite"
    stock = statistics.median(ours["rps"] / stock["rps"] for stock, ours in stock_rounds)
    stock_p50 = statistics.median(ours["p50"] / stock["p50"] for stock, ours in stock_rounds)
    print(f"== issue 19 targets ({database}, {articles} articles; load average {os.getloadavg()[0]:.1f} at the end)")
    print(
        f"Vetted's trivial view / a stock Django project's, over HTTP: {verdict(stock)} in req/s; p50 "
        f"{stock_p50:.2f}x (stock {statistics.median(s['rps'] for s, _ in stock_rounds):.0f} req/s)"
    )
    cold = [name for name in results if name.startswith("article") and "caches cleared" in name]
    if cold:
        rps = [ratios[name]["rps"] for name in cold]
        p50 = [ratios[name]["p50"] for name in cold]
        target = "p50 <= 2x at 100,000 articles" if on_postgres else "req/s >= 0.5 of the trivial view's"
        print(
            f"article with caches cleared: {min(rps):.2f} to {max(rps):.2f} of the trivial view's req/s, "
            f"p50 {min(p50):.1f}x to {max(p50):.1f}x (target {target})"
        )
    if "search (caches cleared)" in results:
        print(
            f"search with caches cleared (?q=calcium, in every generated article): p50 "
            f"{ratios['search (caches cleared)']['p50']:.1f}x the trivial view's (target <= 3x at "
            f"{'100,000' if on_postgres else '10,000'} articles); other queries in the data-scale figures below"
        )
    if "search, two words (caches cleared)" in results:
        two_words = ratios["search, two words (caches cleared)"]["p50"]
        print(f"search, ?q=calcium+vessels, caches cleared: p50 {two_words:.1f}x the trivial view's")


if __name__ == "__main__":
    main()
