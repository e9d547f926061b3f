"""What a question asks about: its *ideas* (content words, stemmed; an approved synonym and the articles'
words for it count as one idea), and whether the approved articles talk about each of them at all.

The refusal rule these serve (README, "The question box: refusal"): **we quote a passage only when every idea
you asked about is one our reviewed articles talk about, and the passage covers enough of your question.**
"Can I get pregnant after a kidney transplant" shares three of its four ideas with a section on life after a
transplant, but no approved passage mentions pregnancy: quoting that section would answer a question the
reader did not ask, so the box says it has no reviewed answer and offers to send the question to the editors
(who can then write about it, or approve the synonym that links the reader's word to the articles' one).

Everything here is computed from the approved passages and the board-approved vocabulary; nothing is
downloaded and no word list is tuned to particular questions.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import Stemmer

from articles.search.spelling import fold_text
from ask.vocabulary import Vocabulary

_WORD_RE = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer("english")
# English function words, and the words every reader's question is made of but that name no medical idea:
# how they ask ("tell me", "I was told"), who they are asking for ("my mum"), how they feel about it
# ("really", "actually", "is it bad"), and the frame of a question ("the threshold for", "the difference
# between"). They are left out of ranking and of the refusal rule alike: a passage need not say "actually".
_READER_WORDS = """i me my mine we our you your he she him her his its what when where which who whom why how do does
did doing done can could should would may might must shall am been being have has had having so than too very just
about any some all also more most other tell know mean means want get got thing things please help question anything
something someone ok okay like
actually really always never ever even still only finally since already yet again soon often usually normally
back place bit lot lots way ways kind sort number part stuff different difference between same
won wont ve re ll isn aren don doesn didn appear appears seem seems role line
gone came come comes coming go goes going went put puts putting forever every each
rule rules bad good safe fine right wrong true new old first last next
keep keeps kept give gives given giving gave take takes taking took make makes made making
use uses used using look looks looking find finds found feel feels felt
told tells say says said ask asked thought think thinks believe main
mum mom dad father mother husband wife son daughter partner friend family doctor doctors nurse gp
anyone everyone people person threshold thresholds cutoff associated related linked"""
STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | frozenset(_READER_WORDS.split())

# A question's word is "known" when the articles use it, or a word that shares its first letters ("breath"
# and "breathlessness", "necrotic" and "necrosis"): at least this many, and most of the shorter word.
_SHARED_PREFIX = 5
_SHARED_SHARE = 0.8
# A misspelt word ("potasium") is read as the articles' word it is closest to, when close enough; short
# words are left alone (too many real words sit one letter apart).
_SPELLING_MIN_LENGTH = 7
_SPELLING_CUTOFF = 0.9


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text``, with British and American spellings folded alike."""
    return [stem for word in _WORD_RE.findall(text.lower()) if (stem := _stem(word))]


@lru_cache(maxsize=262144)
def _stem(word: str) -> str:
    """One lower-case word's stem, or "" for a stopword. Cached: a corpus repeats its words, and building the
    index at 10,000 articles tokenises a few million of them. The Porter stem keeps "-ment" ("treatment" but
    "treat"): readers ask how it is treated, articles head it "Treatment"."""
    word = fold_text(word)
    if word in STOPWORDS or len(word) < 2:
        return ""
    stem = _STEMMER.stemWord(word)
    return stem[:-4] if stem.endswith("ment") and len(stem) > 7 else stem


class Lexicon:
    """Every stem of the approved passages (all registers, with their titles, headings and "also called"
    terms): what the reviewed articles talk about."""

    def __init__(self, stems) -> None:
        self.stems = frozenset(stems)
        self._sorted = sorted(self.stems)

    def _starting(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\uffff")
        return self._sorted[start:end]

    def knows(self, stem: str) -> bool:
        if stem in self.stems:
            return True
        if len(stem) < _SHARED_PREFIX:
            return False
        for other in self._starting(stem[:_SHARED_PREFIX]):
            shared = len(_common_prefix(stem, other))
            if shared >= _SHARED_SHARE * min(len(stem), len(other)):
                return True
        return False

    def spelt(self, stem: str) -> str:
        """``stem``, or the articles' stem it is a likely misspelling of (same first letter, close length)."""
        if stem in self.stems or len(stem) < _SPELLING_MIN_LENGTH:
            return stem
        near = [other for other in self._starting(stem[0]) if abs(len(other) - len(stem)) <= 2]
        match = difflib.get_close_matches(stem, near, n=1, cutoff=_SPELLING_CUTOFF)
        return match[0] if match else stem


def _common_prefix(one: str, other: str) -> str:
    for position, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return one[:position]
    return one[: min(len(one), len(other))]


@dataclass(frozen=True)
class Idea:
    """One thing the question asks about: any of ``stems`` in a passage answers it. ``query`` is what BM25
    ranks with: the reader's words and, for a lay term, the articles' words for it (a reader who used the
    articles' own word is not expanded back into every lay term, which would rank "blood" for "warfarin")."""

    stems: frozenset[str]
    query: frozenset[str]


def concepts(question: str, vocabulary: Vocabulary, lexicon: Lexicon | None = None) -> list[Idea]:
    """The question's ideas: each approved synonym it uses (in the reader's or the articles' wording), then
    each remaining word alone, read as the articles' spelling of it when it looks misspelt."""
    for frame, _ in _ANSWER_KINDS.values():  # "how long" is checked as a kind of answer (``gives``), not a word
        question = frame.sub(" ", question.lower())
    synonyms, rest = vocabulary.split(question)
    ideas = []
    for term, means, used in synonyms:
        stems = frozenset(tokens(f"{term} {means}"))
        ideas.append(Idea(stems, stems if used.split() == term.split() else frozenset(tokens(used))))
    spelt = lexicon.spelt if lexicon is not None else (lambda stem: stem)
    for stem in tokens(rest):
        ideas.append(Idea(frozenset([spelt(stem)]), frozenset([spelt(stem)])))
    return list(dict.fromkeys(idea for idea in ideas if idea.stems and idea.query))


def unknown_ideas(ideas: list[Idea], lexicon: Lexicon) -> list[Idea]:
    """The ideas no approved passage talks about, in any of the idea's words."""
    return [idea for idea in ideas if not any(lexicon.knows(stem) for stem in idea.stems)]


# What kind of answer a question's frame asks for, and how a passage that gives one reads. "How long does each
# dialysis session take" is not answered by a passage about dialysis sessions that gives no duration.
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|a|an)"
_ANSWER_KINDS = {
    "duration": (
        re.compile(r"\bhow long\b"),
        re.compile(rf"\b{_NUMBER}\s*(?:(?:-|to|–)\s*{_NUMBER}\s*)?(?:second|minute|hour|day|week|month|year)s?\b"
                   r"|\b(?:lifelong|for life|as long as|until|overnight)\b"),
    ),
    "frequency": (
        re.compile(r"\bhow often\b|\bhow many times\b"),
        re.compile(r"\b(?:every|once|twice|daily|weekly|monthly|yearly|annually|regularly|times? a)\b"
                   rf"|\b{_NUMBER} times\b"),
    ),
    "quantity": (
        re.compile(r"\bhow (?:much|many)\b"),
        re.compile(r"\d"),
    ),
}  # fmt: skip


def answer_kinds(question: str) -> list[str]:
    """The kinds of answer the question's frame asks for ("how long": a duration), if any."""
    asked = question.lower()
    return [kind for kind, (frame, _) in _ANSWER_KINDS.items() if frame.search(asked)]


def gives(kinds: list[str], text: str) -> bool:
    """Does ``text`` give every kind of answer asked for?"""
    text = text.lower()
    return all(_ANSWER_KINDS[kind][1].search(text) for kind in kinds)
