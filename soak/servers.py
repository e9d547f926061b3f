"""The services the soak starts on loopback: a throwaway PostgreSQL cluster, Redis, and the app server."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from soak.browser import get

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Postgres:
    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="vetted-soak-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"

    def _pg(self, command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True, timeout=120)  # noqa: S603,S607

    def start(self) -> str:
        self._pg(f"{PG_BIN}/initdb -D {self.data} -A trust -U postgres")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._pg(f"{PG_BIN}/pg_ctl -D {self.data} -l {self.dir}/log -w -o '{options}' start")
        self._pg(f"{PG_BIN}/createdb -h 127.0.0.1 -p {self.port} vetted")
        return f"postgres://postgres@127.0.0.1:{self.port}/vetted"

    def restart(self) -> None:
        self._pg(f"{PG_BIN}/pg_ctl -D {self.data} -l {self.dir}/log -w -m fast restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg(f"{PG_BIN}/pg_ctl -D {self.data} -w -m fast stop")
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AppServer:
    def __init__(self, port: int, env: dict):
        self.port, self.env = port, env
        self.process: subprocess.Popen | None = None
        self.kind = "gunicorn" if (Path(sys.executable).parent / "gunicorn").exists() else "runserver"

    def start(self) -> None:
        if self.kind == "gunicorn":
            command = [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=3",
                "--worker-class=gthread",
                "--threads=8",
                "--timeout=60",
                "--log-level=warning",
            ]
        else:
            command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"]
        self.log = open(Path(tempfile.gettempdir()) / f"vetted-soak-app-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
