"""Varnish in front of the app servers, and the task worker: started on loopback by the tests, `make bench`
and `make soak`, as docs/deploy.md lays them out.

``Varnish`` runs Debian's varnishd with the repository's VCL unchanged (``deploy/varnish/vetted.vcl``); only
``backends.vcl``, which names the app servers, is written for the run and found first on ``vcl_path``.
``TaskWorker`` runs ``manage.py run_worker``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL_DIR = ROOT / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def varnish_installed() -> bool:
    return Path(VARNISHD).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout} s")


def backends_vcl(ports: list[int]) -> str:
    """The app servers, taken in turn (no health probe: the tests stop nothing behind Varnish)."""
    lines = ["vcl 4.1;", "import directors;"]
    for index, port in enumerate(ports):
        lines.append(f'backend app{index} {{ .host = "127.0.0.1"; .port = "{port}"; }}')
    lines.append("sub vcl_init { new app = directors.round_robin();")
    lines += [f"  app.add_backend(app{index});" for index in range(len(ports))]
    lines.append("}")
    lines.append("sub vcl_recv { set req.backend_hint = app.backend(); }")
    return "\n".join(lines) + "\n"


class Varnish:
    """varnishd in the foreground on a loopback port, with vetted.vcl in front of ``backend_ports``."""

    def __init__(self, backend_ports: list[int], port: int | None = None):
        self.backend_ports = backend_ports
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="vetted-varnish-"))
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        (self.dir / "backends.vcl").write_text(backends_vcl(self.backend_ports))
        os.chmod(self.dir, 0o755)  # noqa: S103 - varnishd compiles the VCL as its own user when run as root
        self.log = open(self.dir / "varnishd.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                VARNISHD,
                "-F",
                "-a",
                f"127.0.0.1:{self.port}",
                "-n",
                str(self.dir / "work"),
                "-p",
                f"vcl_path={self.dir}:{VCL_DIR}",
                "-f",
                str(VCL_DIR / "vetted.vcl"),
                "-s",
                "malloc,64m",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(self.port, self.process, "varnishd")
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {(self.dir / 'varnishd.log').read_text()[-2000:]}") from None
        return self.url

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


class TaskWorker:
    """``manage.py run_worker`` with ``env`` (which must say VETTED_TASKS=database)."""

    def __init__(self, env: dict[str, str], interval: float = 0.2):
        self.env = {**env, "VETTED_TASKS": "database"}
        self.interval = interval
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = tempfile.NamedTemporaryFile("w+", prefix="vetted-worker-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "run_worker", "--interval", str(self.interval)],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return Path(self.log.name).read_text()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
