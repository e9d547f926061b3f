"""AMA-style reference entries as safe HTML (minimal; the references work will extend it).

Both names accept a ``Reference`` or a snapshot dict (``references.models.reference_snapshot``), so an
approved page can show the pinned version of a source. Every field is escaped.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from references.models import ReferenceType

MAX_AUTHORS = 6  # AMA: list up to six authors; with more, the first three and "et al"


def _field(ref, name: str) -> str:
    value = ref.get(name) if isinstance(ref, dict) else getattr(ref, name, "")
    return "" if value is None else str(value).strip()


def type_label(ref) -> str:
    """The reader-facing type of a reference: 'Guideline', 'Research', ..."""
    value = _field(ref, "type")
    try:
        return str(ReferenceType(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize() or "Source"


def _authors(raw: str) -> str:
    names = [line.strip() for line in raw.splitlines() if line.strip()]
    if len(names) > MAX_AUTHORS:
        names = [*names[:3], "et al"]
    return ", ".join(names)


def format_ama(ref) -> SafeString:
    """'Authors. Title. Journal. Year;Vol(Issue):pages. doi:...' with DOI and PubMed links."""
    parts: list[str] = []
    authors = _authors(_field(ref, "authors"))
    if authors:
        parts.append(format_html('<span class="ref-authors">{}.</span>', authors.rstrip(".")))
    title = _field(ref, "title").rstrip(".")
    if title:
        parts.append(format_html('<span class="ref-title">{}.</span>', title))
    container = _field(ref, "container").rstrip(".")
    if container:
        parts.append(format_html('<cite class="ref-container">{}.</cite>', container))
    year, volume, issue, pages = (_field(ref, name) for name in ("year", "volume", "issue", "pages"))
    if year or volume:
        locator = year
        if volume:
            locator += f";{volume}"
            if issue:
                locator += f"({issue})"
            if pages:
                locator += f":{pages}"
        elif pages:
            locator += f":{pages}"
        parts.append(escape(locator) + ".")
    doi = _field(ref, "doi")
    if doi:
        parts.append(format_html('doi:<a href="https://doi.org/{}">{}</a>', doi, doi))
    pmid = _field(ref, "pmid")
    if pmid:
        parts.append(format_html('<a href="https://pubmed.ncbi.nlm.nih.gov/{}/">PubMed {}</a>', pmid, pmid))
    url = _field(ref, "url")
    if url and not doi and url.startswith(("https://", "http://")):
        parts.append(format_html('<a href="{}">{}</a>', url, url))
    return mark_safe(" ".join(str(part) for part in parts))  # noqa: S308 - every field escaped above
