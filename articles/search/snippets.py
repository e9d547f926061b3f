"""Snippets: a window of a document's text around the matches, escaped, with only our own ``<mark>`` added.

Matches are wrapped in the sentinels ``START``/``STOP`` while the text is still plain; ``escape`` leaves them
alone, and only then do they become ``<mark>``/``</mark>``, so nothing of the text can open a tag.
"""

from __future__ import annotations

import html
import re

from articles.search.spelling import variant_pattern

SNIPPET_WIDTH = 220
COVER_TRIES = 4  # places of each term a snippet tries for the passage with the most different terms
STEM_ENDING = 4  # letters a marked word may have after a lexeme (vessel-s, therapi-es, bleed-ing)
# Sentinels around matches until the text is escaped (then they become <mark>); removed from stored text.
START, STOP = "\x02", "\x03"


# Each match between the sentinels, as a replacement template (a function called per match cost more).
MARKED = START + r"\g<0>" + STOP


def _marked_html(text_with_sentinels: str) -> str:
    """The text escaped as Django's ``escape`` does it (the standard library's ``html.escape``, without the
    lazy-string wrapper, a tenth of a snippet), then the sentinels made ``<mark>``s."""
    return html.escape(text_with_sentinels).replace(START, "<mark>").replace(STOP, "</mark>")


def _alternatives(terms: list[str]) -> str:
    """Any of ``terms``, each in any of its spellings (``hyperkalemia`` marks "hyperkalaemia" too)."""
    return "|".join(variant_pattern(term) for term in sorted(terms, key=len, reverse=True))


def _terms_pattern(terms: list[str], whole_words: bool) -> re.Pattern | None:
    """Any of ``terms`` anywhere; or, with ``whole_words``, a whole word that is a term plus at most
    ``STEM_ENDING`` more letters (one for a term shorter than 4: ``cat`` marks "cats", not "catheter";
    the lexeme ``k`` of "vitamin K" marks "K", not "kidney")."""
    terms = [term for term in terms if term]
    if not terms:
        return None
    if not whole_words:
        return re.compile(_alternatives(terms), re.I)
    long, short = [term for term in terms if len(term) >= 4], [term for term in terms if len(term) < 4]
    parts = [rf"(?:{_alternatives(long)})\w{{0,{STEM_ENDING}}}" if long else None]
    parts.append(rf"(?:{_alternatives(short)})\w?" if short else None)
    return re.compile(r"\b(?:" + "|".join(part for part in parts if part) + r")\b", re.I)


def highlight(text: str, terms: list[str], width: int = SNIPPET_WIDTH, whole_words: bool = False) -> str:
    """A window of ``text`` around the first match, escaped, with every term marked.

    With ``whole_words``, a term matches a word from its start, with a short ending (terms are then
    stems: ``vessel`` marks ``vessels``), and the window is centred on the passage with the most different
    terms (``_anchor``); otherwise a term matches anywhere, as the SQLite fallback's ``icontains`` finds it.
    """
    keys = _cover_keys(terms) if whole_words else ()
    return _highlight(text, _terms_pattern(terms, whole_words), width, keys=keys)


def _cover_keys(terms: list[str]) -> tuple[str, ...]:
    """What tells the query's different terms apart near a match: each term in lower case less its last
    letter (``therapi`` and ``therapy`` are both ``therap``), keeping the shortest of keys that start alike."""
    kept: list[str] = []
    for key in sorted({(term[:-1] if len(term) >= 4 else term).lower() for term in terms if term}, key=len):
        if not any(key.startswith(shorter) for shorter in kept):
            kept.append(key)
    return tuple(kept)


def _anchor(text: str, pattern: re.Pattern, start_at: int, width: int, keys: tuple[str, ...]) -> int | None:
    """Where the snippet's window is centred: the first match from ``start_at``; for a query of several
    terms, of the first ``COVER_TRIES`` places each term occurs, the match whose window holds the most
    different terms (as ``ts_headline`` looks for a passage covering the query), the earliest on a tie.
    Places are found with ``str.find`` (a regular expression looking through every match cost 60 us a
    result) and kept only where ``pattern`` matches a whole word."""
    first = pattern.search(text, start_at)
    if first is None or len(keys) < 2:
        return first.start() if first else None
    lowered = text.lower()  # only for several terms: a copy of the whole text was a sixth of a snippet
    if len(lowered) != len(text):
        return first.start()
    reach = width - width // 3  # the window runs from a third of its width before the match

    def terms_near(position: int) -> int:
        return sum(lowered.find(key, position, position + reach) >= 0 for key in keys)

    best, most = first.start(), terms_near(first.start())
    for key in keys:
        position = lowered.find(key, start_at)
        for _ in range(COVER_TRIES):
            if position < 0 or most == len(keys):
                break
            if pattern.match(text, position):
                near = terms_near(position)
                if near > most or (near == most and position < best):
                    best, most = position, near
            position = lowered.find(key, position + 1)
    return best


def _highlight(
    text: str, pattern: re.Pattern | None, width: int = SNIPPET_WIDTH, skip: int = 0, keys: tuple[str, ...] = ()
) -> str:
    """``highlight`` with the pattern compiled; the window starts no earlier than ``skip`` when a match
    lies after it (search results skip the titles, which the page shows above the snippet), and around the
    passage with the most different ``keys`` (``_anchor``)."""
    anchor = None
    if pattern:
        anchor = _anchor(text, pattern, skip, width, keys)
        if anchor is None and skip:
            anchor = _anchor(text, pattern, 0, width, keys)
    floor = skip if anchor is not None and anchor >= skip else 0
    start = max(floor, anchor - width // 3) if anchor is not None else 0
    if start > floor and " " in text[start : start + 30]:
        start = text.index(" ", start) + 1  # begin at a word
    end = start + width
    if end < len(text) and " " in text[end - 30 : end]:
        end = text.rindex(" ", end - 30, end)  # end at a word
    window = text[start:end]
    prefix = "… " if start > floor else ""
    suffix = " …" if end < len(text) else ""
    if pattern:
        window = pattern.sub(MARKED, window)
    return _marked_html(prefix + window + suffix)


LEXEME_RE = re.compile(r"(!?)'((?:[^']|'')+)'")


def snippet_terms(query: str, lexemes: str) -> list[str]:
    """What a snippet marks: the query's lexemes (``websearch_to_tsquery`` as text, stemmed by PostgreSQL;
    negated ones left out) and the reader's words that share a lexeme's stem (``therapy`` for ``therapi``),
    so stop words PostgreSQL ignored are not marked.
    """
    stems = [match.group(2).replace("''", "'") for match in LEXEME_RE.finditer(lexemes or "") if not match.group(1)]
    words = [word.strip('"').lstrip("-") for word in query.split() if not word.startswith("-")]
    kept = [word for word in words if any(word.lower().startswith(stem[: max(1, len(stem) - 1)]) for stem in stems)]
    return list(dict.fromkeys(stems + kept))
