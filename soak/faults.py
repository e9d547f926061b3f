"""The faults a phase runs while its traffic flows; each returns what it measured, for the phase's report."""

from __future__ import annotations

import time

from soak.servers import Postgres, Redis
from soak.smtp_sink import SmtpSink
from soak.traffic import Phase


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
