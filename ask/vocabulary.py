"""The board-approved wording the box uses: synonyms that expand a question, emergency phrases that are
checked before anything else, and the fixed sentences readers see. Only approved rows count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.search.spelling import fold_text
from ask.models import Wording
from pagecache import prepared_rows

# Used only until the board has approved a sentence of its own (the demo seeds approved ones): safety
# wording must never be missing from the page.
FALLBACK = {
    Wording.Kind.URGENT_MESSAGE: (
        "This may be an emergency. Call your local emergency number (999 in the UK, 911 in the US, 112 in "
        "the EU) now, or go to the nearest emergency department. Do not wait for an answer online."
    ),
    Wording.Kind.ANSWER_NOTICE: (
        "These passages are quoted word for word from articles our Medical Advisory Board reviewed. They "
        "are not personal medical advice: ask your own doctor or nurse about your situation."
    ),
    Wording.Kind.REFUSAL: "Vetted has no reviewed answer to this question yet.",
}
_SPACES_RE = re.compile(r"[^\w']+")


def normalise(text: str) -> str:
    """Lower case, spellings folded, punctuation to single spaces, padded: phrases match on word edges."""
    return " " + " ".join(_SPACES_RE.sub(" ", fold_text(text.lower())).split()) + " "


@dataclass(frozen=True)
class Vocabulary:
    # (normalised reader's words, the articles' words, every wording of it normalised, the longest first)
    synonyms: tuple[tuple[str, str, tuple[str, ...]], ...]
    emergency_phrases: tuple[frozenset[str], ...]  # each phrase's normalised words
    sentences: dict[str, str]

    def emergency(self, question: str) -> bool:
        """Does the question hold every word of an approved emergency phrase, in any order ("pain in my
        chest" for "chest pain")? Erring towards the urgent message is the safe side."""
        asked = set(normalise(question).split())
        return any(phrase <= asked for phrase in self.emergency_phrases)

    def split(self, question: str) -> tuple[list[tuple[str, str, str]], str]:
        """The approved synonyms the question contains, as (reader's words, articles' words, the words the
        question used), and the rest of the question. Each synonym is one idea that either wording answers
        ("sores" or "ulcers"), whichever of them the reader used (a professional's "haemorrhage" is the
        patient's "bleeding")."""
        asked, found = normalise(question), []
        for term, means, phrases in self.synonyms:
            used = [phrase for phrase in phrases if phrase in asked]
            if used:
                found.append((term, means, " ".join(used)))
                for phrase in phrases:
                    asked = asked.replace(phrase, " ")
        return found, asked

    def sentence(self, kind: str) -> str:
        return self.sentences.get(kind) or FALLBACK[kind]


def approved_vocabulary() -> Vocabulary:
    """The approved rows, read in one query on every question (an approval counts at once, on every server)."""
    rows = prepared_rows("ask_approved_vocabulary", _approved_rows)  # compiled once (pagecache.prepared)
    return _vocabulary(tuple(tuple(row) for row in rows))


def _approved_rows():
    return (
        Wording.objects.filter(approved_at__isnull=False).order_by("approved_at").values_list("kind", "text", "means")
    )


@lru_cache(maxsize=8)
def _vocabulary(rows: tuple[tuple[str, str, str], ...]) -> Vocabulary:
    """The rows, normalised once per distinct set of rows rather than on every question."""
    synonyms, phrases, sentences = [], [], {}
    for kind, text, means in rows:
        if kind == Wording.Kind.SYNONYM:
            wordings = {normalise(text)} | {normalise(phrase) for phrase in means.split(";") if phrase.strip()}
            wordings = tuple(sorted((w for w in wordings if w.strip()), key=lambda w: (-len(w), w)))
            synonyms.append((normalise(text), means.replace(";", " "), wordings))
        elif kind == Wording.Kind.EMERGENCY_PHRASE:
            phrases.append(frozenset(normalise(text).split()))
        else:
            sentences[kind] = text  # the latest approved sentence of each kind
    return Vocabulary(tuple(synonyms), tuple(phrase for phrase in phrases if phrase), sentences)
