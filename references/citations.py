"""Citation syntax and numbering: ``[@key]`` and ``[@a; @b]`` inside Markdown text.

``link_citations`` is the contract between the bibliography and the pages that cite it: it takes the
Markdown texts of one page in reading order, numbers references by first appearance, replaces each
citation group with linked superscript numbers (adjacent numbers collapsed to a range, 1-3), and
returns the cited entries in number order with the ids of the places that cite them (for back-links).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape

# A citation group is "[@key]" or "[@a; @b; @c]"; keys are letters, digits and _ - : .
KEY_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_:.\-]*"
CITATION_GROUP_RE = re.compile(r"\[(@" + KEY_PATTERN + r"(?:\s*;\s*@" + KEY_PATTERN + r")*)\]")


# Fenced code blocks and inline code spans: a citation written there is an example, not a citation.
CODE_RE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.MULTILINE | re.DOTALL)


def _outside_code(text: str, replace: Callable[[str], str]) -> str:
    """Apply ``replace`` to the parts of ``text`` that are not code."""
    parts, last = [], 0
    for match in CODE_RE.finditer(text):
        parts += [replace(text[last : match.start()]), match.group(0)]
        last = match.end()
    parts.append(replace(text[last:]))
    return "".join(parts)


def keys_in_group(group: str) -> list[str]:
    """``"@a; @b"`` -> ``["a", "b"]``."""
    return [part.strip().lstrip("@") for part in group.split(";") if part.strip()]


def cited_keys(texts: Iterable[str]) -> list[str]:
    """Every key cited in ``texts``, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}

    def collect(part: str) -> str:
        for match in CITATION_GROUP_RE.finditer(part):
            for key in keys_in_group(match.group(1)):
                seen.setdefault(key, None)
        return part

    for text in texts:
        _outside_code(text or "", collect)
    return list(seen)


@dataclass
class CitedEntry:
    number: int
    key: str
    reference: object | None  # whatever ``lookup`` returned; None when the key is unknown
    citing_ids: list[str] = field(default_factory=list)  # anchors of the places that cite it

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


def collapse_ranges(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 5]`` -> ``[(1, 3), (5, 5)]``; numbers are sorted and de-duplicated first."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def link_citations(texts: Sequence[str], lookup: Callable[[str], object | None]) -> tuple[list[str], list[CitedEntry]]:
    """Replace citation groups with numbered links; return the new texts and the cited entries.

    The replacement is HTML inside Markdown (Markdown passes inline HTML through), built only from
    numbers and ids we generate, so the sanitiser's allowlist (``sup``, ``a`` with ``href``/``id``/
    ``class``) keeps it. Unknown keys render as a visible ``citation-unknown`` marker, never as
    broken markup.
    """
    entries: dict[str, CitedEntry] = {}
    group_counter = 0

    def replace(match: re.Match) -> str:
        nonlocal group_counter
        group_counter += 1
        citing_id = f"cite-{group_counter}"
        numbers: list[int] = []
        unknown: list[str] = []
        for key in keys_in_group(match.group(1)):
            reference = lookup(key)
            if reference is None:
                unknown.append(key)
                continue
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = CitedEntry(number=len(entries) + 1, key=key, reference=reference)
            if citing_id not in entry.citing_ids:
                entry.citing_ids.append(citing_id)
            numbers.append(entry.number)
        links = []
        for first, last in collapse_ranges(numbers):
            label = str(first) if first == last else f"{first}-{last}"
            links.append(f'<a href="#ref-{first}" class="citation-link">{label}</a>')
        parts = ", ".join(links)
        if unknown:
            names = escape(", ".join(unknown))
            parts += (", " if parts else "") + f'<span class="citation-unknown">unknown source: {names}</span>'
        return f'<sup id="{citing_id}" class="citation">{parts}</sup>'

    linked = [_outside_code(text or "", lambda part: CITATION_GROUP_RE.sub(replace, part)) for text in texts]
    return linked, sorted(entries.values(), key=lambda entry: entry.number)


@dataclass(frozen=True)
class SourcesDiff:
    added: list[str]
    removed: list[str]
    kept: list[str]


def sources_diff(old_keys: Iterable[str], new_keys: Iterable[str]) -> SourcesDiff:
    """Which cited keys a revision adds and drops compared with another (order of appearance kept)."""
    old, new = list(dict.fromkeys(old_keys)), list(dict.fromkeys(new_keys))
    old_set, new_set = set(old), set(new)
    return SourcesDiff(
        added=[key for key in new if key not in old_set],
        removed=[key for key in old if key not in new_set],
        kept=[key for key in new if key in old_set],
    )
