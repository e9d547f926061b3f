"""Real servers for the outage and replica tests: throwaway PostgreSQL clusters, Redis and gunicorn, on loopback.

Each test that stops a database starts clusters of its own (never the suite's), migrates and seeds them
with ``manage.py`` and serves the production settings with gunicorn, so nothing of the app is imitated.
Without PostgreSQL's binaries (or redis-server) the tests skip on a developer's machine and fail in CI
(``.ci/run`` installs them).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("VETTED_PG_BIN", "/usr/lib/postgresql/15/bin"))


def require(what: str, present: bool) -> None:
    """A missing server program: a failure in CI, a skip elsewhere."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing (.ci/run installs it from Debian's packages)")
    pytest.skip(f"needs {what} (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a directory of its own; run as the postgres user when we are root."""

    def __init__(self, name: str):
        require("PostgreSQL 15 (/usr/lib/postgresql/15/bin)", (PG_BIN / "initdb").exists())
        self.port = free_port()
        # Not pytest's tmp_path: its parents are closed to the postgres user.
        self.dir = Path(tempfile.mkdtemp(prefix=f"vetted-{name}-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"

    def run(self, *command: str, timeout: float = 120) -> str:
        line = " ".join(shlex.quote(part) for part in command)
        argv = ["su", "postgres", "-c", line] if os.geteuid() == 0 else ["sh", "-c", line]
        return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=timeout).stdout  # noqa: S603

    def init(self) -> Cluster:
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        return self

    def init_replica_of(self, primary: Cluster) -> Cluster:
        """A streaming replica: a base backup of the running primary that writes its own standby settings."""
        self.run(
            str(PG_BIN / "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(self.data), "-R", "-X", "stream"),
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", f"{self.dir}/log", "-w", "-o", options, "start")

    def stop(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    def sql(self, query: str, database: str = "vetted") -> str:
        psql = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        return self.run(*psql, "-d", database, "-At", "-c", query).strip()

    def url(self, database: str = "vetted") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def redis_server():
    require("redis-server", shutil.which("redis-server") is not None)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def app_env(**extra: str) -> dict:
    """The production settings on loopback over plain HTTP."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "VETTED_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "0",
        "DJANGO_SECRET_KEY": "outage-and-replica-tests-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


def manage(env: dict, *command: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def django_json(env: dict, code: str):
    """The JSON a snippet prints from ``manage.py shell`` against that environment's database."""
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


class AppServer:
    """gunicorn with the production settings; ``restart`` starts a fresh process (its memory empty)."""

    def __init__(self, env: dict, workers: int = 1):
        self.env, self.workers, self.port = env, workers, free_port()
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str = "/healthz") -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers)]
            + ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            with contextlib.suppress(OSError):
                if self.get(ready_path)[0] < 500:
                    return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def restart(self, ready_path: str) -> None:
        self.stop()
        self.start(ready_path)

    def get(self, path: str, cookies: dict | None = None) -> tuple[int, dict, str]:
        return Browser(self.port, dict(cookies or {})).request("GET", path)


class Browser:
    """Cookies kept, redirects not followed."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port, self.cookies = port, cookies if cookies is not None else {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.headers), response.read().decode(errors="replace")
        finally:
            connection.close()

    def log_in(self, username: str, password: str) -> None:
        from tests.security.htmlforms import scrape_form

        _, _, page = self.request("GET", "/admin/login/")
        form = scrape_form(page) | {"username": [username], "password": [password], "next": ["/admin/"]}
        status, _, page = self.request("POST", "/admin/login/", form)
        assert status == 302, page[:500]
