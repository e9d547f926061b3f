"""Reference entries in AMA style (the style of medical journals), as safe HTML or plain text.

Every function accepts a ``Reference`` or a snapshot dict with the keys of ``SNAPSHOT_FIELDS`` (what an
approved revision pins), so a page shows the version the board approved. AMA rules applied (AMA Manual
of Style, 11th edition, ch. 3): up to six authors listed, more (or a list its source cut short, as
BibTeX's "and others") become the first three and "et al"; authors as "Family Initials"; article titles
in sentence form ending with a period; journal and book titles in italics; "Year;Volume(Issue):Pages";
the DOI as "doi:10.x/y" at the end.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from references.authors import ET_AL, split_authors
from references.models import JOURNAL_TYPES, ReferenceType, StudyDesign

MAX_AUTHORS_LISTED = 6
AUTHORS_BEFORE_ET_AL = 3


def _get(ref, name: str):
    value = ref.get(name) if isinstance(ref, dict) else getattr(ref, name, None)
    return "" if value is None else value


def type_label(ref) -> str:
    """ "Guideline", "Research", ...: the label shown next to an entry."""
    value = _get(ref, "type")
    try:
        return str(ReferenceType(value).label)
    except ValueError:
        return str(value).replace("_", " ").capitalize()


def design_label(ref) -> str:
    """The evidence level readers see ("Randomised trial"), or "" when the design is not known.

    A snapshot pinned before study designs existed has none: it shows none."""
    value = _get(ref, "study_design")
    return str(StudyDesign(value).label) if value in StudyDesign.values else ""


def doi_url(ref) -> str:
    doi = str(_get(ref, "doi")).strip()
    return f"https://doi.org/{doi}" if doi else ""


def pubmed_url(ref) -> str:
    pmid = str(_get(ref, "pmid")).strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else ""


def _safe_url(ref) -> str:
    url = str(_get(ref, "url")).strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def ama_authors(authors: str) -> str:
    """``"Nigwekar SU\\nThadhani R"`` -> ``"Nigwekar SU, Thadhani R"``; more than six -> three, et al.

    A list its source cut short (BibTeX's "and others", stored as the "et al" marker) is printed the same
    way: at most the first three names, then "et al".
    """
    named, cut_short = split_authors(authors)
    names = [name.rstrip(".") for name in named]
    if names and (cut_short or len(names) > MAX_AUTHORS_LISTED):
        names = names[:AUTHORS_BEFORE_ET_AL] + [ET_AL]
    return ", ".join(names)


def _sentence(text: str) -> str:
    """A title or author list closed by a period, unless it already ends in . ? or !"""
    text = str(text).strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _parts(ref) -> list[tuple[str, str]]:
    """The entry as (kind, text) pieces: kind "text" is plain, "em" italic; no links yet."""
    kind = _get(ref, "type")
    authors = ama_authors(_get(ref, "authors"))
    title = str(_get(ref, "title")).strip()
    container = str(_get(ref, "container")).strip()
    year = str(_get(ref, "year"))
    volume, issue, pages = (str(_get(ref, name)).strip() for name in ("volume", "issue", "pages"))
    parts: list[tuple[str, str]] = []
    if authors:
        parts.append(("text", _sentence(authors) + " "))
    is_periodical = kind in JOURNAL_TYPES or (kind == ReferenceType.GUIDELINE and volume)
    if is_periodical:
        parts.append(("text", _sentence(title) + " "))
        if container:
            parts += [("em", container), ("text", ". ")]
        locator = year
        if volume:
            locator += f";{volume}"
            if issue:
                locator += f"({issue})"
            if pages:
                locator += f":{pages}"
        elif pages:
            locator += f":{pages}"
        if locator:
            parts.append(("text", locator + ". "))
    elif kind == ReferenceType.WEBSITE:
        parts.append(("text", _sentence(title) + " "))
        if container:
            parts.append(("text", _sentence(container) + " "))
        if year:
            parts.append(("text", f"Published {year}. "))
    else:  # book, report-like guideline
        parts += [("em", title), ("text", "" if title.endswith((".", "?", "!")) else ". ")]
        publisher_year = "; ".join(part for part in (container, year) if part)
        if publisher_year:
            parts.append(("text", publisher_year + ". "))
    return parts


def format_ama_text(ref) -> str:
    """The entry as plain text (for exports and tests), DOI and URL included."""
    text = "".join(piece for _, piece in _parts(ref))
    doi = str(_get(ref, "doi")).strip()
    if doi:
        text += f"doi:{doi}"
    elif _safe_url(ref):
        text += _safe_url(ref)
    return text.strip()


def format_ama(ref) -> SafeString:
    """The entry as safe HTML: every field escaped; DOI, PubMed and URL as links."""
    html = []
    for kind, piece in _parts(ref):
        html.append(format_html("<i>{}</i>", piece) if kind == "em" else escape(piece))
    doi = str(_get(ref, "doi")).strip()
    url = _safe_url(ref)
    if doi:
        html.append(format_html('doi:<a href="{}" class="ref-doi">{}</a>', doi_url(ref), doi))
    elif url:
        html.append(format_html('<a href="{}" class="ref-url">{}</a>', url, url))
    pubmed = pubmed_url(ref)
    if pubmed:
        html.append(format_html(' <a href="{}" class="ref-pubmed">PubMed</a>', pubmed))
    return mark_safe("".join(html).strip())  # noqa: S308 - every piece above is escaped or format_html
