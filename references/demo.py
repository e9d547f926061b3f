"""The demo bibliography: the six sources the calciphylaxis article cites, imported from a RIS file
through the same importer editors use (so the demo exercises it)."""

from pathlib import Path

from references.importers import decode_file, parse_text
from references.services import references_import

DEMO_FILE = Path(__file__).resolve().parent / "fixtures" / "demo.ris"


def seed_references(*, actor) -> None:
    """Import the demo file; references already present (same DOI, PMID or title and year) are skipped."""
    fmt, text = decode_file(DEMO_FILE.read_bytes(), DEMO_FILE.name)
    references_import(actor=actor, records=parse_text(text, fmt), filename=DEMO_FILE.name, fmt=fmt)
