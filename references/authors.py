"""Author lists: one author a line ("Nigwekar SU"); a last line "et al" marks a list the source cut short.

Sources say "more authors not named here" in their own words: BibTeX writes ``and others``, other exports
"et al." or "et al". Importers store one marker, ``ET_AL``, as the last line; AMA style prints it as
"et al" ("Nigwekar SU, Thadhani R, et al."), and the exporters write each format's own form back.
"""

from __future__ import annotations

import re

ET_AL = "et al"
_ET_AL_FORMS = re.compile(r"^(?:and\s+)?(?:others|et(?:\.\s*|\s+)al(?:\.|ii|ia)?)$", re.IGNORECASE)


def is_et_al(name: str) -> bool:
    """True for "others", "et al", "et al.", "et. al.", "and others": not an author, the list's end."""
    return bool(_ET_AL_FORMS.match(" ".join(str(name).split())))


def split_authors(authors) -> tuple[list[str], bool]:
    """``"Nigwekar SU\\nThadhani R\\nothers"`` -> ``(["Nigwekar SU", "Thadhani R"], True)``."""
    names = [line.strip() for line in str(authors or "").splitlines() if line.strip()]
    named = [name for name in names if not is_et_al(name)]
    return named, len(named) < len(names)


def join_authors(names, *, more: bool = False) -> str:
    """One author a line, with the ``ET_AL`` marker last when ``more`` or when a name is itself "others"."""
    named, cut_short = split_authors("\n".join(name.strip() for name in names if name and name.strip()))
    return "\n".join([*named, ET_AL] if (more or cut_short) else named)
