"""British and American spellings, folded to one form so that either finds the other.

Search folds the text it indexes and the words a reader types the same way (``fold_text``), so
"hyperkalaemia" finds "hyperkalemia", "oesophagus" finds "esophagus", "tumour" finds "tumor" and
"haemodialysis" finds "hemodialysis", on SQLite and PostgreSQL alike (PostgreSQL then stems the folded
words). The folded form is only ever matched against, never shown: snippets are cut from the article's own
text and marked with ``variant_pattern``, which matches every spelling that folds to a term.

Each rule is a pattern of the British spelling that is safe to rewrite: one that (nearly) only British
spellings have, so two different words seldom fold together. Where a pattern is common in other words it is
narrowed: "ae" only inside a word before a consonant or at its start before t or s (not the plural of
"vertebrae" or "algae"), "-our" not in "four", "hour" or "contour", "-ize" rather than "-ise" (which
"exercise" and "bruise" end in). A fold that two words happen to share costs a stray match, never a lost one:
both sides of every match are folded the same way.

Changing a rule changes what the stored PostgreSQL vectors should hold: run ``manage.py reindex_search``.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_]+")

# (pattern, replacement) on one lower-case word, in order; examples in tests/articles/test_spelling.py.
RULES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"æ", "ae"),
        (r"œ", "oe"),
        (r"^leuc(?=[aeo])", "leuk"),  # leucocyte, leucaemia (then "ae" below)
        (r"sulph", "sulf"),  # sulphate, sulphonylurea
        (r"^oe(?=[a-z])", "e"),  # oesophagus, oedema, oestrogen
        (r"(?<=[a-z])oea", "ea"),  # diarrhoea, dyspnoea, apnoea, gonorrhoeal
        (r"(?<=c)oe(?=l)|(?<=f)oe(?=t)|(?<=am)oe(?=b)|(?<=hom)oe(?=o)|(?<=man)oe(?=uv)", "e"),  # coeliac, foetus,
        # amoeba, homoeopathy, manoeuvre
        (r"^ae(?=[st])", "e"),  # aetiology, aesthetic
        (r"(?<=[a-z])ae(?=[bcdfghjklmnpqrstvwxz])", "e"),  # anaemia, haem, paediatric, caesarean, faeces
        (r"(?<=[a-z]{2})ogue(?=s?$)", "og"),  # analogue, catalogue, dialogue (not rogue, vogue)
        (r"(?<=lit|met|ent|fib|lib|eat|euv)re(?=s?$)", "er"),  # litre, millimetre, centre, fibre, calibre
        (r"(?<=[a-z]{2})iz(?=(?:e|es|ed|er|ers|ing|ation|ations|ational|able)$)", "is"),  # organize, realization
        (r"(?<=[a-z])yz(?=(?:e|es|ed|er|ers|ing)$)", "ys"),  # analyze, dialyzer, paralyzed
    )
)
# "-our" to "-or" (colour, tumour, behaviour, odour, labourer, favourite), but not where American spelling
# keeps "our" too: the roots before "our" listed here.
OUR_RE = re.compile(r"(?P<root>[a-z]+?)our(?P<ending>s|ed|ing|ite|ites|able|ably|less|ful|er|ers|y)?")
OUR_KEPT = frozenset(
    {"f", "h", "y", "p", "s", "t", "d", "fl", "sc", "det", "cont", "dev", "am", "param", "troubad", "vel", "outp"}
)
SPELLING_HINTS = ("ae", "oe", "æ", "œ", "our", "iz", "yz", "re", "ogue", "sulph", "leuc")


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One word, lower case, in its folded spelling."""
    word = word.lower()
    if not any(hint in word for hint in SPELLING_HINTS):
        return word
    for pattern, replacement in RULES:
        word = pattern.sub(replacement, word)
    our = OUR_RE.fullmatch(word)
    if our and our.group("root") not in OUR_KEPT:
        word = f"{our.group('root')}or{our.group('ending') or ''}"
    return word


def fold_text(text: str) -> str:
    """``text`` with every word lower-cased and folded; everything else (spaces, punctuation, the quotes and
    minus signs of a search query) kept as it was."""
    return WORD_RE.sub(lambda match: fold_word(match.group(0)), text or "")


# The other spellings each piece of a folded word can stand for, for marking matches in the original text.
# Longest first; anything else stands for itself.
VARIANTS = (
    ("sulf", "sul(?:ph|f)"),
    ("leuk", "leu[ck]"),
    ("ter", "t(?:er|re)"),
    ("ber", "b(?:er|re)"),
    ("og", "og(?:ue)?"),
    ("or", "ou?r"),
    ("ver", "v(?:er|re)"),
    ("is", "i[sz]"),
    ("ys", "y[sz]"),
    ("e", "(?:[ao]e|[æœ]|e)"),
)


@lru_cache(maxsize=4096)
def variant_pattern(term: str) -> str:
    """A regular expression (no flags) matching ``term`` in any spelling that folds to the same form as it:
    ``variant_pattern("anemia")`` matches "anaemia" and "anemia". Used case-insensitively."""
    out, end = [], 0
    for word in WORD_RE.finditer(term):
        out.append(re.escape(term[end : word.start()]))
        out.append(_word_variants(fold_word(word.group(0))))
        end = word.end()
    out.append(re.escape(term[end:]))
    return "".join(out)


def _word_variants(folded: str) -> str:
    out, position = [], 0
    while position < len(folded):
        for piece, pattern in VARIANTS:
            if folded.startswith(piece, position):
                out.append(pattern)
                position += len(piece)
                break
        else:
            out.append(re.escape(folded[position]))
            position += 1
    return "".join(out)
