"""The soak's verdict: every phase's report against what it expected, printed, and the exit status."""

from __future__ import annotations


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
        if name == "pg-restart" and report["reader_errors"]:
            failures.append(f"{name}: {report['reader_errors']} reader 5xx or unanswered requests")
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
                f"; PostgreSQL restart {report['pg_restart_seconds']} s, reader 5xx {report['reader_errors']} "
                f"({report['reader_stale_pages']} stale pages served), 5xx in all during the outage "
                f"{report['errors_during_outage']} (staff get a 503 and try again), "
                f"recovered {report['recovery_seconds']} s after the restart command"
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
