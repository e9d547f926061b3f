"""Find the approved passages that answer a question: BM25 (``bm25s``, words stemmed by PyStemmer) over the
stored passages of one register, kept in each process and rebuilt when the passage table changes.

Why BM25 in process rather than the database's ranking: one ranking on SQLite and PostgreSQL alike, whose
top-3 accuracy ``make eval`` measures (README, "The question box"); PostgreSQL's ``ts_rank`` and SQLite's
FTS5 would rank the same question differently on the two databases the project supports.

Every worker reads the passages' version (``PassageVersion``, one row raised in the same transaction as
every write or deletion of passages; a primary-key read, whatever the corpus size) before answering: any
approval or withdrawal, on any server, changes it, and the worker rebuilds its index before ranking. So
no worker quotes a withdrawn passage once the withdrawal has committed; the passages themselves are read
again from the database, filtered to published revisions, every time (which also covers passages that a
cascade deleted without raising the version).

The refusal is decided by coverage, not by the raw BM25 score (which grows with the corpus): the share of
the question's weight (each stemmed word's inverse document frequency) that the best passage contains.
Below ``MIN_COVERAGE`` the box says it has no reviewed answer.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field

import bm25s
import numpy as np
import Stemmer
from django.conf import settings
from django.db.models import F

from articles.search.spelling import fold_text
from ask.models import Passage, PassageVersion
from ask.vocabulary import Vocabulary, approved_vocabulary

# Calibrated on eval/questions.json with `make eval EVAL_ARGS=--held-out` (README, "The question box:
# calibration"): the highest coverage that wrongly refuses at most 10% of the answerable questions (the
# issue's limit). It refuses about 60% of the unanswerable ones, not the 90%: near misses share most
# of their words with a real section. One named setting, to re-tune on a new evaluation set.
MIN_COVERAGE: float = getattr(settings, "VETTED_ASK_MIN_COVERAGE", 0.30)
# Passages of the article the box was used on rank first among near equals: their score is multiplied.
ASKED_ON_BOOST = 1.5
MAX_PASSAGES = 3
MAX_QUESTION_LENGTH = 300

_WORD_RE = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer("english")
# English function words, and the words every reader's question is made of but no passage is about.
_READER_WORDS = """i me my mine we our you your he she him her his its what when where which who whom why how do does
did doing done can could should would may might must shall am been being have has had having so than too very just
about any some all also more most other tell know mean means want get got thing things please help question anything
something someone ok okay like"""
STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | frozenset(_READER_WORDS.split())


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text``, with British and American spellings folded alike. The Porter stem
    keeps "-ment" ("treatment" but "treat"): readers ask how it is treated, articles head it "Treatment"."""
    words = _WORD_RE.findall(fold_text(text.lower()))
    stems = _STEMMER.stemWords([word for word in words if word not in STOPWORDS and len(word) > 1])
    return [stem[:-4] if stem.endswith("ment") and len(stem) > 7 else stem for stem in stems]


def concepts(question: str, vocabulary: Vocabulary) -> list[frozenset[str]]:
    """The question's ideas, each a set of stems any one of which answers it: an approved synonym's words
    and the articles' words for it together, then each remaining word alone."""
    synonyms, rest = vocabulary.split(question)
    ideas = [frozenset(tokens(f"{term} {means}")) for term, means in synonyms]
    ideas += [frozenset([stem]) for stem in tokens(rest)]
    return list(dict.fromkeys(idea for idea in ideas if idea))


@dataclass
class _Index:
    version: int
    ids: list[int]
    article_ids: np.ndarray
    words: list[frozenset[str]]
    idf: dict[str, float]
    retriever: bm25s.BM25 | None
    size: int = field(default=0)

    def weight(self, stem: str) -> float:
        return self.idf.get(stem, math.log(1 + (self.size + 0.5) / 0.5))  # unknown words weigh the most


_lock = threading.Lock()
_indexes: dict[str, _Index] = {}


def passage_version() -> int:
    """Changes whenever passages are written or deleted (``ask.passages`` raises it in the same transaction).
    Counting the table instead cost a scan of every passage per question at 10,000 articles."""
    return PassageVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def forget_indexes() -> None:
    """Drop this process's indexes (tests: a rolled-back test takes the version number back with it)."""
    with _lock:
        _indexes.clear()


def _build(register: str, version: int) -> _Index:
    rows = list(
        Passage.objects.filter(register=register, revision_id=F("article__published_revision_id"))
        .order_by("id")
        .values_list("id", "article_id", "title", "also_called", "heading", "text")
    )
    # The article's title and other names and the section's heading are ranked with each passage: a reader
    # who names the subject, or the aspect, finds the passage that is about it.
    corpus = [tokens(f"{title} {also} {heading} {text}") for _, _, title, also, heading, text in rows]
    document_frequency: dict[str, int] = {}
    for words in map(frozenset, corpus):
        for word in words:
            document_frequency[word] = document_frequency.get(word, 0) + 1
    size = len(corpus)
    idf = {word: math.log(1 + (size - df + 0.5) / (df + 0.5)) for word, df in document_frequency.items()}
    retriever = None
    if corpus:
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
    return _Index(
        version=version,
        ids=[row[0] for row in rows],
        article_ids=np.array([row[1] for row in rows], dtype=np.int64),
        words=[frozenset(words) for words in corpus],
        idf=idf,
        retriever=retriever,
        size=size,
    )


def _index(register: str) -> _Index:
    version = passage_version()
    with _lock:
        index = _indexes.get(register)
        if index is None or index.version != version:
            index = _indexes[register] = _build(register, version)
    return index


@dataclass(frozen=True)
class Hit:
    passage_id: int
    score: float
    coverage: float  # share of the question's weight the passage contains, 0 to 1


@dataclass
class Answer:
    question: str
    emergency: bool = False
    hits: list[Hit] = field(default_factory=list)  # the best first, MAX_PASSAGES at most... (see ``ranked``)
    ranked: list[Hit] = field(default_factory=list)  # the best few, before the refusal cut (for evaluation)
    vocabulary: Vocabulary | None = None

    @property
    def refused(self) -> bool:
        return not self.emergency and not self.hits


def rank(
    ideas: list[frozenset[str]], register: str, *, asked_on_article_id: int | None = None, limit: int = 10
) -> list[Hit]:
    """The passages of ``register`` that best answer the question's ``ideas``, the best first.

    BM25 scores every stem of every idea; coverage weighs each idea once (by its rarest known stem)."""
    index = _index(register)
    query = sorted({stem for idea in ideas for stem in idea})
    if index.retriever is None or not query:
        return []
    scores = index.retriever.get_scores(query)
    if asked_on_article_id is not None:
        scores = np.where(index.article_ids == asked_on_article_id, scores * ASKED_ON_BOOST, scores)
    best = np.argsort(-scores, kind="stable")[:limit]
    weights = [max(index.weight(stem) for stem in idea) for idea in ideas]
    hits = []
    for position in best:
        if scores[position] <= 0:
            break
        words = index.words[position]
        found = sum(weight for idea, weight in zip(ideas, weights, strict=True) if idea & words)
        hits.append(Hit(index.ids[position], float(scores[position]), found / sum(weights)))
    return hits


def answer(question: str, register: str, *, asked_on_article_id: int | None = None) -> Answer:
    """Emergency first; else the best passages, or none when the best does not cover the question enough.

    The one retrieval function: the answer page and ``make eval`` both call it."""
    vocabulary = approved_vocabulary()
    result = Answer(question=question, vocabulary=vocabulary)
    if vocabulary.emergency(question):
        result.emergency = True
        return result  # the urgent message, and no passage that could delay the reader
    ranked = rank(concepts(question, vocabulary), register, asked_on_article_id=asked_on_article_id)
    result.ranked = ranked
    if ranked and ranked[0].coverage >= MIN_COVERAGE:
        result.hits = [hit for hit in ranked[:MAX_PASSAGES] if hit.coverage >= MIN_COVERAGE]
    return result
