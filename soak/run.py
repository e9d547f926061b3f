"""Fault and load suite (``make soak``): Vetted under concurrent readers, racing approvals and faults.

Starts its own PostgreSQL cluster and Redis server on loopback, seeds a library, serves the app with
gunicorn (``manage.py runserver --noreload`` when gunicorn is missing), then runs four phases:

1. load:        N readers for D seconds while two board members race to approve the same revisions
                and two editors save drafts. Expected: zero 5xx, every approval applied exactly once,
                every acknowledged save stored, one history row per change.
2. pg-restart:  the same traffic while PostgreSQL is restarted (``pg_ctl restart -m fast``). Expected:
                no reader 5xx (cached pages, stale copies: pagecache.stale), no half-published article
                (``check_integrity``), no lost acknowledged save, the app recovers by itself
                (CONN_HEALTH_CHECKS); staff 503s during the outage (they try again) and recovery time reported.
3. redis-down:  the same traffic while Redis is stopped for two thirds of the phase, then started again
                (empty). Expected: zero errors (the cache fails open to the database), staff work as
                before, and pages are cached again once Redis is back.
4. mail-down:   the same traffic while nothing listens on the SMTP port the app sends to. Expected:
                approvals commit, their emails stay pending in the outbox (the task worker's attempts
                fail and back off); then the soak starts its SMTP sink (soak/smtp_sink.py), waits for the
                worker (``manage.py run_worker``, running beside the app all along) to deliver them, and
                checks that every pending email was delivered exactly once.

Everything listens on 127.0.0.1 only; counts and durations are bounded.

    python soak/run.py                 # 20-second phases, 64 readers
    python soak/run.py --long          # 60-second phases (the figures in docs/trust.md)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

# `python soak/run.py` puts soak/ on the path, not the repository that holds the soak package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from soak.checks import retry_mail, verify  # noqa: E402 - after sys.path
from soak.edge_servers import TaskWorker  # noqa: E402 - after sys.path
from soak.faults import mail_down_fault, pg_restart_fault, redis_down_fault  # noqa: E402 - after sys.path
from soak.seeding import django_setup, seed  # noqa: E402 - after sys.path
from soak.servers import ROOT, AppServer, Postgres, Redis  # noqa: E402 - after sys.path
from soak.smtp_sink import SmtpSink  # noqa: E402 - after sys.path
from soak.summary import summarise  # noqa: E402 - after sys.path
from soak.traffic import Phase, run_phase  # noqa: E402 - after sys.path

REDIS_ENV_NAMES = ("REDIS_URL",)  # what config/settings.py reads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20, help="seconds per phase (default 20)")
    parser.add_argument("--long", action="store_true", help="60-second phases")
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOAK_PORT", 8440)))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("SOAK_PG_PORT", 25444)))
    parser.add_argument("--redis-port", type=int, default=int(os.environ.get("SOAK_REDIS_PORT", 6394)))
    parser.add_argument("--smtp-port", type=int, default=int(os.environ.get("SOAK_SMTP_PORT", 8446)))
    parser.add_argument("--phases", default="load,pg-restart,redis-down,mail-down")
    args = parser.parse_args()
    duration = 60 if args.long else args.duration
    phases = args.phases.split(",")

    postgres, redis, sink = Postgres(args.pg_port), Redis(args.redis_port), SmtpSink(args.smtp_port)
    server = worker = None
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
            # The task worker sends them (issue 19), retrying every few seconds so the phase can wait for it.
            "VETTED_TASKS": "database",
            "VETTED_MAIL_RETRY_SECONDS": "2",
            "VETTED_MAIL_SWEEP_SECONDS": "1",
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
        worker = TaskWorker(env)
        worker.start()
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
                report |= retry_mail(sink, phase)
            reports.append(report)
            print(json.dumps(report, indent=2), flush=True)
    finally:
        if worker:
            worker.stop()
        if server:
            server.stop()
        redis.stop()
        sink.stop()
        postgres.stop()
    return summarise(reports)


if __name__ == "__main__":
    sys.exit(main())
