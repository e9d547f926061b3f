"""Citation syntax: ``[@key]`` and ``[@a; @b]`` inside Markdown text."""

import re
from collections.abc import Iterable

# A citation group is "[@key]" or "[@a; @b; @c]"; keys are letters, digits and _ - : .
KEY_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_:.\-]*"
CITATION_GROUP_RE = re.compile(r"\[(@" + KEY_PATTERN + r"(?:\s*;\s*@" + KEY_PATTERN + r")*)\]")


def keys_in_group(group: str) -> list[str]:
    """``"@a; @b"`` -> ``["a", "b"]``."""
    return [part.strip().lstrip("@") for part in group.split(";") if part.strip()]


def cited_keys(texts: Iterable[str]) -> list[str]:
    """Every key cited in ``texts``, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in CITATION_GROUP_RE.finditer(text or ""):
            for key in keys_in_group(match.group(1)):
                seen.setdefault(key, None)
    return list(seen)
