"""A real redis-server the page-cache tests stop, start, pause and resume, and the steps they take."""

import contextlib
import signal
import subprocess
import time
from pathlib import Path

import redis

from editorial import services
from editorial.models import Revision
from editorial.rules import State

PORT = 6397
LOCATION = f"redis://127.0.0.1:{PORT}/0"
RETRY_SECONDS = 0.2
URL = "/articles/calciphylaxis/for/healthcare-professional/"


class RedisServer:
    """A redis-server on a fixed loopback port that a test can stop, start again, pause and resume."""

    def __init__(self, port: int, directory: Path):
        self.port, self.directory = port, directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start, loading the data a ``stop(keep_data=True)`` saved (as a Redis with persistence would)."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]  # noqa: S607
            + ["--dir", str(self.directory), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_timeout=0.5).ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        self.wait_for_the_cache_to_try_again()

    def stop(self, *, keep_data: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it was paused
            if keep_data:
                with contextlib.suppress(redis.exceptions.ConnectionError):  # it closes the connection
                    redis.Redis(port=self.port).shutdown(save=True)
            else:
                (self.directory / "dump.rdb").unlink(missing_ok=True)
                self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        """A hung Redis: connections are accepted, nothing is answered (the read timeout fires)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.wait_for_the_cache_to_try_again()

    @staticmethod
    def wait_for_the_cache_to_try_again() -> None:
        time.sleep(RETRY_SECONDS * 1.5)  # the backend skips Redis for RETRY_SECONDS after a failure

    def keys(self, pattern: str) -> list[bytes]:
        return redis.Redis(port=self.port).keys(pattern)


def revision_in_review(staff, article, title):
    draft = services.revision_start_new(actor=staff.second_editor, article=article)
    draft = services.revision_edit(actor=staff.second_editor, revision=draft, expected_version=1, title=title)
    draft = services.revision_submit(actor=staff.second_editor, revision=draft)
    return services.revision_start_review(actor=staff.reviewer, revision=draft)


def approve_in_admin(client, staff, revision, django_capture_on_commit_callbacks):
    client.force_login(staff.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/editorial/revision/{revision.pk}/transition/",
            {"action": "approve", "expected_version": revision.version, "comment": ""},
        )
    client.logout()
    assert response.status_code == 302
    assert Revision.objects.get(pk=revision.pk).state == State.APPROVED
