"""The demo bibliography: the six sources the calciphylaxis article cites, imported from a RIS file
through the same importer editors use (so the demo exercises it)."""

from pathlib import Path

from references.importers import decode_file, parse_text
from references.services import references_import, references_import_preview

DEMO_FILE = Path(__file__).resolve().parent / "fixtures" / "demo.ris"


def seed_references(*, actor) -> int:
    """Import the demo file; return how many references it added.

    References already present (same DOI, PMID or title and year) are skipped. When every one is, nothing
    is imported at all: a reseed must not log an import that added nothing.
    """
    fmt, text = decode_file(DEMO_FILE.read_bytes(), DEMO_FILE.name)
    if not references_import_preview(records=parse_text(text, fmt)).counts["create"]:
        return 0
    summary = references_import(actor=actor, records=parse_text(text, fmt), filename=DEMO_FILE.name, fmt=fmt)
    return summary.counts["create"]
