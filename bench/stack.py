"""What the middleware stack costs one request, in-process: Vetted's trivial view against a stock Django
project's (bench/stock_settings.py), through Django's WSGI handler with no server or network in between.

The HTTP comparison in ``run.py`` is the one readers feel, but on a shared 2-core machine its ratio moves with
whatever else runs; this one times the same code single-threaded, so it isolates what Vetted's middleware adds.
One long-lived child per project (a process holds one settings module) answers "time N requests" over a pipe,
and the parent alternates the two for many short rounds, so drifting load hits both alike. Each round gives
wall time and the thread's CPU time; CPU time leaves out the time the process waited for a core on a loaded
machine, so it is the steadier of the two. The per-middleware breakdown builds, in each child, a handler for
every prefix of MIDDLEWARE (the first k middleware) and reports what each one adds (its prefix's CPU time minus
the previous one's, best of the rounds).

``python bench/stack.py`` prints the ratio against the 0.95 target and the breakdown; ``--http`` adds short
wrk rounds alternating a stock gunicorn with Vetted's, as ``run.py`` does."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import production_env  # noqa: E402

TARGET = 0.95  # issue 19: Vetted's trivial view at least 0.95 of a stock Django project's

# A child: answers "<prefix length or -1 for the whole stack> <requests>" with [wall us, cpu us] per request;
# "names" with the middleware names.
CHILD = """
import io, json, sys, time
import django
django.setup()
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
full = list(settings.MIDDLEWARE)
def build(middleware):
    settings.MIDDLEWARE = middleware  # WSGIHandler reads the setting when it loads its middleware
    try:
        return WSGIHandler()
    finally:
        settings.MIDDLEWARE = full
handlers = {-1: build(full)}
if sys.argv[1] == "breakdown":
    handlers.update({k: build(full[:k]) for k in range(len(full) + 1)})
def environ():
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/bench/trivial/", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
def start_response(status, headers, exc_info=None):
    assert status == "200 OK", status
for app in handlers.values():
    for _ in range(300):
        b"".join(app(environ(), start_response))
for line in sys.stdin:
    if line.strip() == "names":
        print(json.dumps(full), flush=True)
        continue
    k, n = map(int, line.split())
    app = handlers[k]
    wall, cpu = time.perf_counter(), time.thread_time()
    for _ in range(n):
        b"".join(app(environ(), start_response))
    print(json.dumps([(time.perf_counter() - wall) / n * 1e6, (time.thread_time() - cpu) / n * 1e6]), flush=True)
"""

PROJECTS = {"stock": "bench.stock_settings", "vetted": "config.settings"}


class Child:
    def __init__(self, settings_module: str, mode: str):
        env = production_env(DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", CHILD, mode],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, line: str):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def time(self, requests: int, prefix: int = -1) -> tuple[float, float]:
        return tuple(self.ask(f"{prefix} {requests}"))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def stack_figures(rounds: int = 30, requests: int = 500) -> dict[str, float]:
    """Medians over alternating rounds: each project's microseconds per request (wall and CPU), and Vetted's
    speed relative to the stock project's (stock time / Vetted time: 1.0 is as fast, 0.95 the target)."""
    children = {name: Child(module, "total") for name, module in PROJECTS.items()}
    try:
        pairs = [(children["stock"].time(requests), children["vetted"].time(requests)) for _ in range(rounds)]
    finally:
        for child in children.values():
            child.close()
    figures = {"rounds": rounds, "requests": requests, "load": os.getloadavg()[0]}
    for i, clock in enumerate(("wall", "cpu")):
        figures[f"stock_{clock}_us"] = statistics.median(stock[i] for stock, _ in pairs)
        figures[f"vetted_{clock}_us"] = statistics.median(ours[i] for _, ours in pairs)
        figures[f"{clock}_speed"] = statistics.median(stock[i] / ours[i] for stock, ours in pairs)
    return figures


def verdict(speed: float) -> str:
    return f"{speed:.2f} of the stock speed (target >= {TARGET}: {'met' if speed >= TARGET else 'NOT met'})"


def print_stack_figures(figures: dict[str, float]) -> None:
    print(
        f"trivial view in-process, through Django's WSGI handler (medians of {figures['rounds']} alternating rounds of "
        f"{figures['requests']} requests, load average {figures['load']:.1f}):"
    )
    print(
        f"  CPU time: stock {figures['stock_cpu_us']:.0f} us, Vetted {figures['vetted_cpu_us']:.0f} us per "
        f"request: Vetted at {verdict(figures['cpu_speed'])}"
    )
    print(
        f"  wall time: stock {figures['stock_wall_us']:.0f} us, Vetted {figures['vetted_wall_us']:.0f} us per "
        f"request: Vetted at {verdict(figures['wall_speed'])}"
    )


def breakdown(rounds: int = 15, requests: int = 300) -> dict[str, list[tuple[str, float]]]:
    """Per project: (middleware, CPU microseconds it adds to a trivial anonymous GET), in MIDDLEWARE order, with
    ("handler, URL resolution, view", ...) first: the best of ``rounds`` for each prefix of the stack."""
    children = {name: Child(module, "breakdown") for name, module in PROJECTS.items()}
    try:
        names = {name: child.ask("names") for name, child in children.items()}
        best = {name: [float("inf")] * (len(names[name]) + 1) for name in children}
        for _ in range(rounds):
            for name, child in children.items():
                for k in range(len(names[name]) + 1):
                    best[name][k] = min(best[name][k], child.time(requests, k)[1])
    finally:
        for child in children.values():
            child.close()
    return {
        name: [("handler, URL resolution, view", best[name][0])]
        + [(middleware, best[name][k + 1] - best[name][k]) for k, middleware in enumerate(names[name])]
        for name in children
    }


def print_breakdown(costs: dict[str, list[tuple[str, float]]]) -> None:
    load = os.getloadavg()[0]
    print(f"per-middleware CPU cost of a trivial anonymous GET (best of rounds; load average {load:.1f}):")
    for name, rows in costs.items():
        total = sum(cost for _, cost in rows)
        print(f"  {name}: {total:.1f} us in all")
        for middleware, cost in rows:
            print(f"    {cost:6.1f} us  {middleware}")


def cpu_seconds(server) -> float:
    """The CPU time (user and system) the server's workers have used so far, from /proc."""
    ticks = 0
    for pid in server.worker_pids():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields
    return ticks / os.sysconf("SC_CLK_TCK")


def http_figures(rounds: int = 5, seconds: int = 3, connections: int = 8) -> list[tuple[dict, dict]]:
    """Short wrk rounds alternating a stock gunicorn's trivial view and Vetted's (as ``run.py`` does). Each
    round also gives the workers' CPU time per request ("cpu_us"), gunicorn's own work included: unlike req/s,
    it does not move with how much of the machine other jobs leave the server."""
    from bench.serving import Server, wrk

    servers = {}
    try:
        servers["stock"] = Server(production_env(DJANGO_SETTINGS_MODULE="bench.stock_settings"))
        servers["vetted"] = Server(production_env())
        for server in servers.values():
            for _ in range(20):
                server.get("/bench/trivial/")

        def measure(name):
            before = cpu_seconds(servers[name])
            figures = wrk(servers[name].url + "/bench/trivial/", seconds=seconds, connections=connections)
            figures["cpu_us"] = (cpu_seconds(servers[name]) - before) / (figures["rps"] * seconds) * 1e6
            return figures

        return [(measure("stock"), measure("vetted")) for _ in range(rounds)]
    finally:
        for server in servers.values():
            server.stop()


def print_http_figures(pairs: list[tuple[dict, dict]]) -> None:
    speed = statistics.median(ours["rps"] / stock["rps"] for stock, ours in pairs)
    cpu_speed = statistics.median(stock["cpu_us"] / ours["cpu_us"] for stock, ours in pairs)
    print(
        f"trivial view over HTTP (gunicorn 2 workers, wrk, medians of {len(pairs)} alternating rounds, load average "
        f"{os.getloadavg()[0]:.1f}):"
    )
    print(
        f"  req/s: stock {statistics.median(s['rps'] for s, _ in pairs):.0f}, Vetted "
        f"{statistics.median(o['rps'] for _, o in pairs):.0f}: Vetted at {verdict(speed)}; per round "
        + ", ".join(f"{ours['rps'] / stock['rps']:.2f}" for stock, ours in pairs)
    )
    print(
        f"  workers' CPU time per request: stock {statistics.median(s['cpu_us'] for s, _ in pairs):.0f} us, Vetted "
        f"{statistics.median(o['cpu_us'] for _, o in pairs):.0f} us: Vetted at {verdict(cpu_speed)}; per round "
        + ", ".join(f"{stock['cpu_us'] / ours['cpu_us']:.2f}" for stock, ours in pairs)
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--no-breakdown", action="store_true")
    parser.add_argument("--http", action="store_true", help="also short HTTP rounds (two gunicorns and wrk)")
    args = parser.parse_args()
    print_stack_figures(stack_figures(rounds=args.rounds))
    if not args.no_breakdown:
        print_breakdown(breakdown())
    if args.http:
        print_http_figures(http_figures())
