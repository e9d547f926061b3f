"""`make bench`, publish-to-visible (issue 19): how long after an approval commits do both app servers and
the proxy in front of them serve the new text?

The tested layout of docs/deploy.md on loopback: the demo in a throwaway SQLite file of its own (the bench's
corpus is left alone), Redis shared by two gunicorn servers, Varnish with deploy/varnish/vetted.vcl in front
of both, ``VETTED_PURGER=varnish-ban``. Each round a board member approves a new title in this process; the
clock starts when the approval commits (an ``on_commit`` hook registered before the service's own) and
stops, for each of the three, at the first answer carrying the new title, polled every 5 ms from a thread
per address. One warm-up round is printed but not counted. Target: at most 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import setup_django  # noqa: E402
from bench.serving import ROOT, Server, free_port, manage, production_env  # noqa: E402
from soak.edge_servers import Varnish, varnish_installed  # noqa: E402

PAGE = "/articles/warfarin-and-vitamin-k/for/healthcare-professional/"
TARGET_SECONDS = 1.0


def body(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.read().decode()
    except (urllib.error.URLError, OSError):
        return ""


def first_seen(url: str, marker: str, started: dict, seen: dict, name: str, bound: float = 30) -> None:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if marker in body(url):
            seen[name] = time.monotonic() - started["at"]
            return
        time.sleep(0.005)


def approve_new_title(title: str, started: dict) -> None:
    from django.contrib.auth.models import User
    from django.db import transaction

    from articles.models import Article
    from editorial import services

    editor, board = User.objects.get(username="editor2"), User.objects.get(username="board")
    article = Article.objects.get(slug="warfarin-and-vitamin-k")
    draft = services.revision_start_new(actor=editor, article=article)
    draft = services.revision_edit(actor=editor, revision=draft, expected_version=draft.version, title=title)
    draft = services.revision_submit(actor=editor, revision=draft)
    draft = services.revision_start_review(actor=board, revision=draft)
    with transaction.atomic():
        # Runs first after the commit, before the service's own hooks (token renewal, then the purge).
        transaction.on_commit(lambda: started.update(at=time.monotonic()))
        services.revision_approve(actor=board, revision=draft, expected_version=draft.version)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not varnish_installed() or not shutil.which("redis-server"):
        print("== publish-to-visible: not measured (needs Debian's varnish and redis-server)")
        return
    directory = Path(tempfile.mkdtemp(prefix="vetted-publish-"))
    redis_port, proxy_port = free_port(), free_port()
    redis = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
    )
    env = production_env(
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        VETTED_PURGER="varnish-ban",
        VETTED_PURGE_URLS=f"http://127.0.0.1:{proxy_port}",
        DJANGO_EMAIL_FILE_PATH=str(directory / "mail"),
    )
    servers, proxy = [], None
    try:
        manage("migrate", "--noinput", "-v0", env=env)
        # Seeded before Varnish is up: nothing to purge yet.
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "seed_demo"],
            cwd=ROOT,
            env={**env, "VETTED_PURGER": "none"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        manage("collectstatic", "--noinput", "-v0", env=env)
        setup_django(env)
        servers = [Server(env), Server(env)]
        proxy = Varnish([server.port for server in servers], port=proxy_port)
        proxy.start()
        addresses = {"server A": servers[0].url, "server B": servers[1].url, "Varnish": proxy.url}
        worst = []
        for round_number in range(args.rounds + 1):
            for url in addresses.values():
                for _ in range(4):
                    body(url + PAGE)  # warm: every worker's page cache and Varnish hold the page
            marker = f"Warfarin reversal, bench round {round_number} {time.time_ns()}"
            started, seen = {"at": float("inf")}, {}
            threads = [
                threading.Thread(target=first_seen, args=(url + PAGE, marker, started, seen, name))
                for name, url in addresses.items()
            ]
            for thread in threads:
                thread.start()
            approve_new_title(marker, started)
            for thread in threads:
                thread.join()
            if round_number:  # round 0 warms up what a first approval builds once per process
                worst.append(max(seen.get(name, float("inf")) for name in addresses))
            print(
                f"  {'warm-up' if round_number == 0 else f'round {round_number}'}: "
                + ", ".join(f"{name} {seen.get(name, float('inf')) * 1000:.0f} ms" for name in addresses)
            )
        print(
            f"== publish-to-visible (2 gunicorn servers sharing Redis, Varnish, VETTED_PURGER=varnish-ban): "
            f"median {statistics.median(worst) * 1000:.0f} ms, worst {max(worst) * 1000:.0f} ms "
            f"over {args.rounds} approvals (target <= {TARGET_SECONDS * 1000:.0f} ms: "
            f"{'met' if max(worst) <= TARGET_SECONDS else 'NOT met'})"
        )
    finally:
        if proxy is not None:
            proxy.stop()
        for server in servers:
            server.stop()
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
