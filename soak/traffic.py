"""Traffic for one phase: readers, two board members racing to approve, two editors saving drafts."""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass, field

from soak.browser import StaffBrowser, read_page
from tests.security.htmlforms import scrape_form


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
    reader_errors: int = 0  # 5xx or no answer at all, for readers only (staff may get a 503 and try again)
    reader_stale: int = 0  # stale copies served to readers while the database was down (pagecache.stale)

    def record(self, status: int | None, elapsed: float, what: str, *, reader: bool = False) -> None:
        now = time.monotonic()
        with self.lock:
            if status is None or status >= 500:
                self.errors.append((now, what if status is None else f"{status} {what}"))
                self.reader_errors += reader
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
            status, stale = read_page(port, path)
        except OSError as error:
            phase.record(None, time.monotonic() - started, f"{type(error).__name__} {path}", reader=True)
            time.sleep(0.05)
            continue
        phase.record(status, time.monotonic() - started, path, reader=True)
        if stale:
            with phase.lock:
                phase.reader_stale += 1


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
        "reader_errors": phase.reader_errors,
        "reader_stale_pages": phase.reader_stale,
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
