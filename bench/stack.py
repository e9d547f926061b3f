"""What the middleware stack costs one request, in-process: Vetted's trivial view against a stock Django
project's (bench/stock_settings.py), through Django's WSGI handler with no server or network in between.

The HTTP comparison in ``run.py`` is the one readers feel, but on a shared 2-core machine its ratio moves with
whatever else runs; this one times the same code single-threaded, best of several rounds, alternating the two
projects, so it isolates what Vetted's middleware adds. ``python bench/stack.py`` runs it alone."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import production_env  # noqa: E402

# Run in a child per project (a process holds one settings module): microseconds per trivial request.
CHILD = """
import io, json, sys, time
from django.core.wsgi import get_wsgi_application
app = get_wsgi_application()
def environ():
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/bench/trivial/", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
def start_response(status, headers, exc_info=None):
    assert status == "200 OK", status
for _ in range(500):
    b"".join(app(environ(), start_response))
n = int(sys.argv[1])
started = time.perf_counter()
for _ in range(n):
    b"".join(app(environ(), start_response))
print(json.dumps((time.perf_counter() - started) / n * 1e6))
"""


def per_request_us(settings_module: str, requests: int) -> float:
    env = production_env(DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, str(requests)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def stack_figures(rounds: int = 5, requests: int = 3000) -> dict[str, float]:
    """Median over alternating rounds: each project's microseconds per request, and Vetted's speed relative to
    the stock project's (stock time / Vetted time: 1.0 is as fast, 0.95 the target)."""
    pairs = [
        (per_request_us("bench.stock_settings", requests), per_request_us("config.settings", requests))
        for _ in range(rounds)
    ]
    return {
        "stock_us": statistics.median(stock for stock, _ in pairs),
        "vetted_us": statistics.median(ours for _, ours in pairs),
        "speed": statistics.median(stock / ours for stock, ours in pairs),
    }


def print_stack_figures(figures: dict[str, float]) -> None:
    print(
        f"in-process, through Django's WSGI handler: stock {figures['stock_us']:.0f} us, Vetted "
        f"{figures['vetted_us']:.0f} us per trivial request: Vetted at {figures['speed']:.2f} of the stock speed"
    )


if __name__ == "__main__":
    print_stack_figures(stack_figures())
