"""The demo bibliography: the six sources the calciphylaxis article cites, and the sources of the demo
library's other articles, imported from RIS files through the same importer editors use (so the demo
exercises it)."""

from pathlib import Path

from references.importers import decode_file, parse_text
from references.services import references_import, references_import_preview

DEMO_FILE = Path(__file__).resolve().parent / "fixtures" / "demo.ris"
# The sources of the demo library's other articles (editorial/demo_library.py), imported the same way.
LIBRARY_FILE = DEMO_FILE.with_name("demo-library.ris")


def seed_references(*, actor, path: Path = DEMO_FILE) -> int:
    """Import a demo file (by default the calciphylaxis one); return how many references it added.

    References already present (same DOI, PMID or title and year) are skipped. When every one is, nothing
    is imported at all: a reseed must not log an import that added nothing.
    """
    fmt, text = decode_file(path.read_bytes(), path.name)
    if not references_import_preview(records=parse_text(text, fmt)).counts["create"]:
        return 0
    summary = references_import(actor=actor, records=parse_text(text, fmt), filename=path.name, fmt=fmt)
    return summary.counts["create"]
