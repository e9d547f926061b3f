"""Fault and load suite (``make soak``): Vetted under concurrent readers, racing approvals and faults.

Starts its own PostgreSQL cluster and Redis server on loopback, seeds a library, serves the app with
gunicorn (``manage.py runserver --noreload`` when gunicorn is missing), then runs four phases:

1. load:        N readers for D seconds while two board members race to approve the same revisions
                and two editors save drafts. Expected: zero 5xx, every approval applied exactly once,
                every acknowledged save stored, one history row per change.
2. pg-restart:  the same traffic while PostgreSQL is restarted (``pg_ctl restart -m fast``). Expected:
                no half-published article (``check_integrity``), no lost acknowledged save, the app
                recovers by itself (CONN_HEALTH_CHECKS); errors during the outage and recovery time reported.
3. redis-down:  the same traffic while Redis is stopped for two thirds of the phase, then started again
                (empty). Expected: zero errors (the cache fails open to the database), staff work as
                before, and pages are cached again once Redis is back.
4. mail-down:   the same traffic while nothing listens on the SMTP port the app sends to. Expected:
                approvals commit, their emails stay pending in the outbox; then the soak starts its SMTP
                sink (soak/smtp_sink.py), runs ``manage.py send_notifications`` twice, and checks that
                every pending email was delivered exactly once.

Everything listens on 127.0.0.1 only; counts and durations are bounded.

    python soak/run.py                 # 20-second phases, 64 readers
    python soak/run.py --long          # 60-second phases (the figures in docs/trust.md)
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from soak.smtp_sink import SmtpSink  # noqa: E402 - after sys.path
from tests.security.htmlforms import scrape_form  # noqa: E402 - after sys.path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "soak-test-password-0xC0FFEE"
REDIS_ENV_NAMES = ("REDIS_URL",)  # what config/settings.py reads


# ---------------------------------------------------------------------------------------------
# Services: PostgreSQL, Redis, the app server.


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


# ---------------------------------------------------------------------------------------------
# HTTP: readers, and staff with a session.


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class StaffBrowser:
    """A logged-in staff member's browser: cookies, CSRF tokens from the forms, no redirect following."""

    def __init__(self, port: int, username: str):
        self.port, self.username, self.cookies = port, username, {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
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
            return response.status, response.headers.get("Location", ""), response.read().decode(errors="replace")
        finally:
            connection.close()

    def log_in(self, patience: float = 90) -> None:
        """Log in through the admin form, retrying while the server fails (a fault may be under way)."""
        deadline = time.monotonic() + patience
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                status, _, page = self.request("GET", "/admin/login/")
                last = f"GET /admin/login/ answered {status}"
                if status == 200:
                    form = scrape_form(page) | {
                        "username": [self.username],
                        "password": [PASSWORD],
                        "next": ["/admin/"],
                    }
                    status, location, page = self.request("POST", "/admin/login/", form)
                    if status == 302:
                        return
                    last = f"POST /admin/login/ answered {status}: {page[:300]!r}"
            except OSError as error:
                last = f"{type(error).__name__}: {error}"
            time.sleep(0.5)
        raise RuntimeError(f"{self.username} could not log in; last: {last}")


# ---------------------------------------------------------------------------------------------
# Seeding and checking, in this process, through the services.


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def seed(articles: int, reviews_per_phase: int, phases: int) -> dict:
    from django.contrib.auth.models import Group, User

    from editorial import services
    from editorial.rules import Role

    def user(name, role):
        account = User.objects.create_user(name, f"{name}@soak.invalid", PASSWORD, is_staff=True)
        account.groups.add(Group.objects.get(name=role))
        return account

    board = [user("board1", Role.BOARD), user("board2", Role.BOARD)]
    editors = [user("editor1", Role.EDITOR), user("editor2", Role.EDITOR)]
    # No trailing spaces: the admin form strips them, which would count as a section change on every save.
    sections = [{"heading": f"Part {n}", "body": " ".join(["Text"] * 80), "plain_body": "Plain."} for n in range(4)]
    slugs, reviews, drafts = [], [], []
    needed = max(articles, reviews_per_phase * phases + 2 * phases)
    for number in range(needed):
        slug = f"article-{number:03d}"
        revision = services.article_create(
            actor=editors[number % 2],
            slug=slug,
            title=f"What is condition {number}?",
            summary="A summary.",
            sections=sections,
        )
        revision = services.revision_submit(actor=editors[number % 2], revision=revision)
        revision = services.revision_start_review(actor=board[0], revision=revision)
        services.revision_approve(actor=board[number % 2], revision=revision)
        slugs.append(slug)
    # Per phase: revisions under review (the board races to approve them) and drafts (editors save them).
    from articles.models import Article, Audience

    pool = list(Article.objects.order_by("slug"))
    for phase in range(phases):
        chosen = pool[phase * reviews_per_phase : (phase + 1) * reviews_per_phase]
        phase_reviews = []
        for article in chosen:
            revision = services.revision_start_new(actor=editors[0], article=article, change_note="Soak review")
            revision = services.revision_submit(actor=editors[0], revision=revision)
            phase_reviews.append(services.revision_start_review(actor=board[1], revision=revision).pk)
        reviews.append(phase_reviews)
        offset = phases * reviews_per_phase + 2 * phase
        drafts.append(
            [
                (editors[i].username, services.revision_start_new(actor=editors[i], article=pool[offset + i]).pk)
                for i in range(2)
            ]
        )
    audiences = list(Audience.objects.values_list("slug", flat=True))
    return {"slugs": slugs, "audiences": audiences, "reviews": reviews, "drafts": drafts}


def history_rows_since(moment) -> int:
    from articles.models import Article
    from editorial.models import Revision, Section

    return sum(m.history.filter(history_date__gte=moment).count() for m in (Article, Revision, Section))


def verify(phase: Phase) -> dict:
    from django.db import close_old_connections, connection

    from editorial.integrity import find_violations
    from editorial.models import Revision, TransitionRecord

    connection.close()
    close_old_connections()
    approvals = TransitionRecord.objects.filter(revision_id__in=phase.reviews, action="approve")
    per_revision = {pk: approvals.filter(revision_id=pk).count() for pk in phase.reviews}
    approved = Revision.objects.filter(pk__in=phase.reviews, state="approved").count()
    lost_saves, saves_stored = [], 0
    for revision_pk, attempts in phase.attempts.items():
        stored = Revision.objects.get(pk=revision_pk)
        saves_stored += stored.version - phase.initial_versions[revision_pk]
        acknowledged = phase.last_acknowledged.get(revision_pk)
        if acknowledged is not None and stored.title not in attempts[attempts.index(acknowledged) :]:
            lost_saves.append((revision_pk, acknowledged, stored.title))  # an older text came back
    applied = sum(per_revision.values())
    # One history row per change: an approval writes the approved revision, the superseded one and the
    # article; each stored save (one version step) writes its revision (sections unchanged).
    expected_history = 3 * applied + saves_stored
    return {
        "approvals_attempted": phase.approvals_attempted,
        "approvals_attempted_by": phase.approvals_by,
        "approvals_applied": applied,
        "revisions_approved_exactly_once": sum(1 for n in per_revision.values() if n == 1),
        "revisions_to_approve": len(phase.reviews),
        "approved_more_than_once": [pk for pk, n in per_revision.items() if n > 1],
        "revisions_in_approved_state": approved,
        "saves_attempted": phase.saves_attempted,
        "saves_acknowledged": phase.saves_acknowledged,
        "saves_stored": saves_stored,
        "lost_saves": lost_saves,
        "history_rows_expected": expected_history,
        "history_rows_found": history_rows_since(phase.started_at_db),
        "integrity_violations": [str(v) for v in find_violations()],
    }


# ---------------------------------------------------------------------------------------------
# Traffic.


@dataclass
class Phase:
    name: str
    reviews: list[int]
    drafts: list[tuple[str, int]]
    started_at_db: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, what)
    successes_after: list[float] = field(default_factory=list)
    approvals_attempted: int = 0
    approvals_by: dict[str, int] = field(default_factory=dict)
    saves_attempted: int = 0
    saves_acknowledged: int = 0
    attempts: dict[int, list[str]] = field(default_factory=dict)  # every title sent, in order
    last_acknowledged: dict[int, str] = field(default_factory=dict)
    initial_versions: dict[int, int] = field(default_factory=dict)
    staff_failures: list[str] = field(default_factory=list)  # a scripted staff member who gave up, and why

    def record(self, status: int | None, elapsed: float, what: str) -> None:
        now = time.monotonic()
        with self.lock:
            if status is None or status >= 500:
                self.errors.append((now, what if status is None else f"{status} {what}"))
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                self.latencies.append(elapsed)
                if status < 500:
                    self.successes_after.append(now)


def reader(port: int, slugs: list[str], audiences: list[str], phase: Phase, stop: threading.Event) -> None:
    """Home (10%), an article's audience chooser (30%, never cached) or its page for one audience (60%)."""
    rng = random.Random()  # noqa: S311 - traffic mix, not security
    while not stop.is_set():
        draw = rng.random()
        if draw < 0.1:
            path = "/"
        elif draw < 0.4:
            path = f"/articles/{rng.choice(slugs)}/"
        else:
            path = f"/articles/{rng.choice(slugs)}/for/{rng.choice(audiences)}/"
        started = time.monotonic()
        try:
            status, _ = get(port, path)
        except OSError as error:
            phase.record(None, time.monotonic() - started, f"{type(error).__name__} {path}")
            time.sleep(0.05)
            continue
        phase.record(status, time.monotonic() - started, path)


def staff_request(browser: StaffBrowser, phase: Phase, method: str, path: str, data=None):
    started = time.monotonic()
    try:
        status, location, body = browser.request(method, path, data)
    except OSError as error:
        phase.record(None, time.monotonic() - started, f"{type(error).__name__} {method} {path}")
        return None
    phase.record(status, time.monotonic() - started, f"{method} {path}")
    return None if status >= 500 else (status, location, body)


def log_in_or_report(browser: StaffBrowser, phase: Phase) -> bool:
    """Log in; a staff member who cannot is a failure of the phase, reported in the summary."""
    try:
        browser.log_in()
    except RuntimeError as error:
        with phase.lock:
            phase.staff_failures.append(str(error))
        return False
    return True


def approver(port: int, username: str, phase: Phase, give_up: float) -> None:
    """Walk the review queue, approving each revision from its own page.

    Both board members walk the same queue in the same order, so they race for every revision; the
    queue is finished even after the readers stop (until ``give_up``), so every revision gets decided.
    """
    browser = StaffBrowser(port, username)
    if not log_in_or_report(browser, phase):
        return
    for pk in phase.reviews:
        while time.monotonic() < give_up:
            page = staff_request(browser, phase, "GET", f"/admin/editorial/revision/{pk}/change/")
            if page is None:
                time.sleep(0.2)
                continue  # the server failed: look again, as a person would
            form = scrape_form(page[2], "workflow-form")
            if "expected_version" not in form:
                break  # no buttons: someone else already decided
            with phase.lock:
                phase.approvals_attempted += 1
                phase.approvals_by[username] = phase.approvals_by.get(username, 0) + 1
            data = form | {"action": ["approve"], "comment": [""]}
            if staff_request(browser, phase, "POST", f"/admin/editorial/revision/{pk}/transition/", data) is None:
                time.sleep(0.2)
                continue  # unknown outcome: reload the page and decide again
            break
        time.sleep(0.05)


def editor(port: int, username: str, revision_pk: int, phase: Phase, stop: threading.Event) -> None:
    """Save the draft over and over from its admin form; remember what the server acknowledged."""
    browser = StaffBrowser(port, username)
    if not log_in_or_report(browser, phase):
        return
    number = 0
    while not stop.is_set():
        page = staff_request(browser, phase, "GET", f"/admin/editorial/revision/{revision_pk}/change/")
        if page is None:
            time.sleep(0.2)
            continue
        number += 1
        title = f"Draft save {number} by {username}?"
        form = scrape_form(page[2], "revision_form") | {"title": [title], "_save": ["Save"]}
        with phase.lock:
            phase.saves_attempted += 1
            phase.attempts.setdefault(revision_pk, []).append(title)
        result = staff_request(browser, phase, "POST", f"/admin/editorial/revision/{revision_pk}/change/", form)
        if result is not None and result[0] == 302:
            with phase.lock:
                phase.saves_acknowledged += 1
                phase.last_acknowledged[revision_pk] = title
        time.sleep(0.1)


def run_phase(port: int, site: dict, phase: Phase, readers: int, duration: float, fault=None, staff=True) -> dict:
    from django.db import connection
    from django.utils import timezone

    from editorial.models import Revision

    connection.close()
    phase.started_at_db = timezone.now()
    phase.initial_versions = {pk: Revision.objects.get(pk=pk).version for _, pk in phase.drafts}
    phase.attempts = {pk: [] for _, pk in phase.drafts}
    stop = threading.Event()
    threads = [
        threading.Thread(target=reader, args=(port, site["slugs"], site["audiences"], phase, stop))
        for _ in range(readers)
    ]
    if staff:
        give_up = time.monotonic() + duration + 120
        threads += [
            threading.Thread(target=approver, args=(port, name, phase, give_up)) for name in ("board1", "board2")
        ]
        threads += [threading.Thread(target=editor, args=(port, name, pk, phase, stop)) for name, pk in phase.drafts]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    fault_report = fault(started, phase) if fault else {}
    remaining = duration - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    elapsed = time.monotonic() - started
    # Saves still in flight when stopped were never acknowledged; their titles may or may not be stored.
    latencies = sorted(phase.latencies)
    p = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: 0)
    requests = sum(phase.statuses.values()) + sum(1 for _, what in phase.errors if not what[:3].isdigit())
    report = {
        "phase": phase.name,
        "seconds": round(elapsed, 1),
        "readers": readers,
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1),
        "errors": len(phase.errors),
        "status_5xx": sum(n for s, n in phase.statuses.items() if s >= 500),
        "statuses": dict(sorted(phase.statuses.items())),
        "p50_ms": round(p(0.50), 1),
        "p99_ms": round(p(0.99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0,
    } | fault_report
    if phase.staff_failures:
        report["staff_failures"] = phase.staff_failures
    if phase.errors:
        report["first_errors"] = sorted({what for _, what in phase.errors})[:5]
    return report


def pg_restart_fault(postgres: Postgres, delay: float):
    def fault(started: float, phase: Phase) -> dict:
        time.sleep(delay)
        issued = time.monotonic()
        postgres.restart()
        restarted = time.monotonic()
        # Recovered: the first successful response after the last error (waiting up to 30 s for it).
        deadline = restarted + 30
        while time.monotonic() < deadline:
            time.sleep(0.5)
            with phase.lock:
                last_error = max((t for t, _ in phase.errors if t >= issued), default=None)
                recovered = [t for t in phase.successes_after if t > (last_error or restarted)]
            if recovered and time.monotonic() - min(recovered) > 2:
                break
        with phase.lock:
            outage_errors = [t for t, _ in phase.errors if t >= issued]
            last_error = max(outage_errors, default=None)
            first_ok = min((t for t in phase.successes_after if t > (last_error or restarted)), default=None)
        return {
            "pg_restart_seconds": round(restarted - issued, 2),
            "errors_during_outage": len(outage_errors),
            "recovery_seconds": round(first_ok - issued, 2) if first_ok else None,
        }

    return fault


def redis_down_fault(redis: Redis, duration: float):
    """Stop Redis for the first two thirds of the phase, then start it again (empty, as after a crash)."""

    def fault(started: float, phase: Phase) -> dict:
        issued = time.monotonic()
        redis.stop()
        time.sleep(max(0.0, started + duration * 2 / 3 - time.monotonic()))
        restarted = time.monotonic()
        redis.start()
        time.sleep(max(1.0, started + duration - time.monotonic() - 1))
        import redis as redis_client

        # Our keys in Redis again: the pages' generation tokens (and the pages, where Redis keeps them).
        keys = redis_client.Redis(port=redis.port).keys("*vetted:*")
        page_keys = sum(1 for key in keys if b"vetted:page:" in key)
        with phase.lock:
            while_down = [what for t, what in phase.errors if issued <= t < restarted]
        return {
            "redis_down_seconds": round(restarted - issued, 1),
            "errors_while_redis_down": len(while_down),
            "keys_in_redis_after_it_returned": len(keys),
            "pages_cached_after_redis_returned": page_keys,
        }

    return fault


def mail_down_fault(sink: SmtpSink):
    def fault(started: float, phase: Phase) -> dict:
        return {"smtp": f"nothing listening on 127.0.0.1:{sink.port} for the whole phase"}

    return fault


def retry_mail(env: dict, sink: SmtpSink, phase: Phase) -> dict:
    """After the mail phase: the outbox kept every email; start the mail server, retry, count deliveries."""
    from collections import Counter

    from django.db import connection

    from editorial.models import Notification

    connection.close()
    queued = Notification.objects.filter(created_at__gte=phase.started_at_db)
    pending = list(Notification.objects.filter(sent_at__isnull=True).values_list("pk", "email", "subject"))
    report = {
        "mail_queued_during_outage": queued.count(),
        "mail_pending_after_outage": queued.filter(sent_at__isnull=True).count(),
        "mail_failed_attempts_recorded": queued.filter(attempts__gte=1).exclude(last_error="").count(),
        "mail_pending_before_retry": len(pending),
    }
    already = len(sink.received())
    sink.start()
    outputs = []
    for _ in range(2):  # the second run must find nothing left to send
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "send_notifications"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        outputs.append(result.stdout.strip())
    delivered = Counter((message.recipients, message.subject) for message in sink.received()[already:])
    expected = Counter(((email,), subject) for _, email, subject in pending)
    report |= {
        "mail_retry_runs": outputs,
        "mail_delivered_by_retry": sum(delivered.values()),
        "mail_delivered_exactly_once": sum(1 for key in expected if delivered[key] == 1),
        "mail_delivered_twice_or_more": sum(1 for key in expected if delivered[key] > 1),
        "mail_delivered_unexpected": sum(n for key, n in delivered.items() if key not in expected),
        "mail_still_pending": Notification.objects.filter(
            pk__in=[pk for pk, _, _ in pending], sent_at__isnull=True
        ).count(),
    }
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20, help="seconds per phase (default 20)")
    parser.add_argument("--long", action="store_true", help="60-second phases")
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOAK_PORT", 8440)))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("SOAK_PG_PORT", 55444)))
    parser.add_argument("--redis-port", type=int, default=int(os.environ.get("SOAK_REDIS_PORT", 6394)))
    parser.add_argument("--smtp-port", type=int, default=int(os.environ.get("SOAK_SMTP_PORT", 8446)))
    parser.add_argument("--phases", default="load,pg-restart,redis-down,mail-down")
    args = parser.parse_args()
    duration = 60 if args.long else args.duration
    phases = args.phases.split(",")

    postgres, redis, sink = Postgres(args.pg_port), Redis(args.redis_port), SmtpSink(args.smtp_port)
    server = None
    reports = []
    try:
        database_url = postgres.start()
        redis_url = redis.start()
        sink.start()  # the mail server; the mail-down phase stops it
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE": "0",  # plain HTTP on loopback
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VETTED_LOGIN_FAILURE_LIMIT": "1000",
            **dict.fromkeys(REDIS_ENV_NAMES, redis_url),
            # Workflow emails go over SMTP to the soak's own sink (soak/smtp_sink.py).
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(args.smtp_port),
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "5",
        }
        # Production settings serve hashed static files from the manifest collectstatic writes (a fresh
        # checkout has none, and every page would answer 500).
        for command in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
        django_setup(env)
        print(f"seeding ({len(phases)} phases)...", flush=True)
        seeded = seed(articles=40, reviews_per_phase=6, phases=len(phases))
        server = AppServer(args.port, env)
        server.start()
        print(f"serving with {server.kind} on 127.0.0.1:{args.port}; {duration:.0f} s per phase", flush=True)
        for index, name in enumerate(phases):
            phase = Phase(name, seeded["reviews"][index], seeded["drafts"][index])
            if name == "load":
                report = run_phase(args.port, seeded, phase, args.readers, duration)
            elif name == "pg-restart":
                fault = pg_restart_fault(postgres, delay=duration / 3)
                report = run_phase(args.port, seeded, phase, args.readers, duration, fault)
            elif name == "redis-down":
                fault = redis_down_fault(redis, duration)
                report = run_phase(args.port, seeded, phase, args.readers, duration, fault)
                # pagecache/backends.py logs an outage once per worker process, not once per request.
                report["cache_warnings_logged"] = Path(server.log.name).read_text().count("Redis cache")
            elif name == "mail-down":
                sink.stop()
                report = run_phase(args.port, seeded, phase, args.readers, duration, mail_down_fault(sink))
            else:
                raise SystemExit(f"unknown phase {name}")
            report |= verify(phase)
            if name == "mail-down":
                report |= retry_mail(env, sink, phase)
            reports.append(report)
            print(json.dumps(report, indent=2), flush=True)
    finally:
        if server:
            server.stop()
        redis.stop()
        sink.stop()
        postgres.stop()
    return summarise(reports)


def summarise(reports: list[dict]) -> int:
    failures = []
    for report in reports:
        name = report["phase"]
        if report["integrity_violations"]:
            failures.append(f"{name}: integrity violations")
        for failure in report.get("staff_failures", []):
            failures.append(f"{name}: {failure}")
        if report["approved_more_than_once"]:
            failures.append(f"{name}: a revision was approved more than once")
        if name != "pg-restart" and report["saves_stored"] != report["saves_acknowledged"]:
            failures.append(
                f"{name}: {report['saves_acknowledged']} saves acknowledged, {report['saves_stored']} stored"
            )
        if report["lost_saves"]:
            failures.append(f"{name}: an acknowledged save was lost")
        if report["history_rows_found"] != report["history_rows_expected"]:
            failures.append(f"{name}: history rows {report['history_rows_found']} != {report['history_rows_expected']}")
        if name != "pg-restart" and report["status_5xx"] + report["errors"]:
            failures.append(f"{name}: {report['errors']} errors")
        if report["revisions_approved_exactly_once"] != report["revisions_to_approve"]:
            failures.append(f"{name}: not every revision was approved exactly once")
        if name == "pg-restart" and report.get("recovery_seconds") is None:
            failures.append(f"{name}: the app did not recover")
        if name == "redis-down" and not report.get("keys_in_redis_after_it_returned"):
            failures.append(f"{name}: the cache wrote nothing to Redis after it came back")
        if name == "mail-down":
            if report["mail_pending_after_outage"] != report["mail_queued_during_outage"]:
                failures.append(f"{name}: an email counted as sent while no mail server listened")
            if report["mail_queued_during_outage"] < report["approvals_applied"]:
                failures.append(f"{name}: fewer emails queued than approvals applied")
            if (
                report["mail_still_pending"]
                or report["mail_delivered_exactly_once"] != report["mail_pending_before_retry"]
            ):
                failures.append(f"{name}: not every pending email was delivered exactly once by the retry")
            if report["mail_delivered_twice_or_more"] or report["mail_delivered_unexpected"]:
                failures.append(f"{name}: the retry delivered an email twice or one that was not pending")
    print("\nSUMMARY")
    for report in reports:
        line = (
            f"{report['phase']:>11}: {report['requests']} requests ({report['requests_per_second']}/s), "
            f"{report['errors']} errors, p99 {report['p99_ms']} ms; approvals {report['approvals_attempted']} "
            f"attempted / {report['approvals_applied']} applied ({report['revisions_approved_exactly_once']}/"
            f"{report['revisions_to_approve']} exactly once); saves {report['saves_acknowledged']} acknowledged, "
            f"{len(report['lost_saves'])} lost; history rows {report['history_rows_found']} found / "
            f"{report['history_rows_expected']} expected"
        )
        if "recovery_seconds" in report:
            line += (
                f"; PostgreSQL restart {report['pg_restart_seconds']} s, outage errors "
                f"{report['errors_during_outage']}, recovered {report['recovery_seconds']} s after the restart command"
            )
        if "errors_while_redis_down" in report:
            line += (
                f"; Redis down {report['redis_down_seconds']} s with {report['errors_while_redis_down']} errors, "
                f"{report['keys_in_redis_after_it_returned']} keys in Redis again after it returned "
                f"({report['pages_cached_after_redis_returned']} of them pages)"
            )
        if "mail_queued_during_outage" in report:
            line += (
                f"; mail: {report['mail_queued_during_outage']} queued while down, "
                f"{report['mail_pending_after_outage']} pending; "
                f"retry delivered {report['mail_delivered_by_retry']} of "
                f"{report['mail_pending_before_retry']} pending ({report['mail_delivered_exactly_once']} exactly once, "
                f"{report['mail_still_pending']} still pending)"
            )
        print(line)
    print("RESULT:", "FAIL\n  " + "\n  ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
