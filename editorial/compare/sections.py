"""Which section of the older revision each section of the newer one is, without storing anything new.

A new revision copies its base's sections, so the same heading (case- and space-insensitive) is the
same section; sections left over are paired by text similarity (a renamed heading with a similar body),
and the rest are added or removed. A matched section is "moved" when it is not on the longest run of
sections that kept their order (``_longest_increasing``).
"""

from __future__ import annotations

from difflib import SequenceMatcher

SIMILAR_SECTION_RATIO = 0.6


def _norm(heading: str) -> str:
    return " ".join((heading or "").lower().split())


def match_sections(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index); ``None`` on one side means added or removed."""
    pairs: dict[int, int] = {}  # new index -> old index
    used_old: set[int] = set()
    for j, section in enumerate(new):
        for i, candidate in enumerate(old):
            if i not in used_old and _norm(candidate.heading) == _norm(section.heading):
                pairs[j] = i
                used_old.add(i)
                break
    scored = []
    for j, section in enumerate(new):
        if j in pairs:
            continue
        for i, candidate in enumerate(old):
            if i in used_old:
                continue
            ratio = SequenceMatcher(
                None, f"{candidate.heading}\n{candidate.body}"[:2000], f"{section.heading}\n{section.body}"[:2000]
            ).ratio()
            if ratio >= SIMILAR_SECTION_RATIO:
                scored.append((-ratio, j, i))
    for _, j, i in sorted(scored):
        if j not in pairs and i not in used_old:
            pairs[j] = i
            used_old.add(i)
    result: list[tuple[int | None, int | None]] = [(pairs.get(j), j) for j in range(len(new))]
    for i in range(len(old)):
        if i not in used_old:
            result.append((i, None))
    return result


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions in ``values`` on one longest strictly increasing subsequence (O(n^2); n is small)."""
    if not values:
        return set()
    length = [1] * len(values)
    previous = [-1] * len(values)
    for k in range(len(values)):
        for m in range(k):
            if values[m] < values[k] and length[m] + 1 > length[k]:
                length[k], previous[k] = length[m] + 1, m
    k = max(range(len(values)), key=lambda n: (length[n], -n))
    keep = set()
    while k != -1:
        keep.add(k)
        k = previous[k]
    return keep
