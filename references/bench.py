"""Import benchmark: N synthetic references from one RIS file through ``import_references``.

    python -m references.bench [--count 5000] [--format ris|bibtex|csl_json]

Uses a throwaway SQLite database unless DATABASE_URL is set (then everything is rolled back). Prints
the command's progress bar and import rate, and the growth of the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def synthetic_ris(count: int) -> str:
    lines = []
    for n in range(count):
        lines += [
            "TY  - JOUR",
            f"AU  - Author{n % 977}, Given M.",
            "AU  - Second, Co A.",
            f"TI  - Synthetic study number {n} of vascular calcification in dialysis",
            "JO  - Journal of Benchmark Nephrology",
            f"PY  - {1990 + n % 35}",
            f"VL  - {n % 90 + 1}",
            "IS  - 2",
            "SP  - 101",
            "EP  - 109",
            f"DO  - 10.5555/bench.{n}",
            f"AN  - {30000000 + n}",
            "KW  - Review" if n % 5 == 0 else "KW  - Journal Article",
            "ER  - ",
            "",
        ]
    return "\n".join(lines)


def synthetic_csl(count: int) -> str:
    items = [
        {
            "id": f"bench{n}",
            "type": "article-journal",
            "title": f"Synthetic study number {n} of vascular calcification in dialysis",
            "author": [{"family": f"Author{n % 977}", "given": "Given M."}],
            "container-title": "Journal of Benchmark Nephrology",
            "issued": {"date-parts": [[1990 + n % 35]]},
            "DOI": f"10.5555/bench.{n}",
        }
        for n in range(count)
    ]
    return json.dumps(items)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--format", choices=["ris", "csl_json"], default="ris")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="vetted-bench-"))
    throwaway = "DATABASE_URL" not in os.environ
    if throwaway:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # DEBUG would keep every SQL statement in memory and distort the memory figure.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    if throwaway:
        call_command("migrate", verbosity=0)
    text = synthetic_ris(args.count) if args.format == "ris" else synthetic_csl(args.count)
    path = workdir / ("bench.ris" if args.format == "ris" else "bench.json")
    path.write_text(text, encoding="utf-8")
    print(f"{args.count} references, {path.stat().st_size / 1e6:.1f} MB of {args.format}", file=sys.stderr)

    class Rollback(Exception):
        pass

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        with transaction.atomic():
            User.objects.create_superuser("bench-importer", "bench@vetted.invalid", None)
            call_command("import_references", str(path), user="bench-importer", max_bytes=path.stat().st_size + 1)
            raise Rollback
    except Rollback:
        pass
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"import_references: {args.count / elapsed:.0f} references/s end to end ({elapsed:.1f} s)")
    print(f"peak RSS grew by {(rss_after - rss_before) / 1024:.1f} MB (to {rss_after / 1024:.1f} MB)")


if __name__ == "__main__":
    main()
