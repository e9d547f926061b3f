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

The refusal (README, "The question box: refusal"): we quote a passage only when every idea the reader asked
about is one the approved articles talk about (``ask.concepts``), and the best passage covers enough of the
question: the share of its ideas' weight (each idea weighs its rarest stem's inverse document frequency) that
the passage contains, at least ``MIN_COVERAGE``. Coverage, not the raw BM25 score, which grows with the corpus.

The index is built once per process and version. A fresh worker starts building it in the background as it
starts (``warm_in_background``, called from ``config.wsgi``), so its first reader does not wait for a whole
corpus to be tokenised (several seconds at 10,000 articles).
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field

import bm25s
import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import F

from ask.concepts import Idea, Lexicon, answer_kinds, concepts, gives, tokens, unknown_ideas
from ask.models import Passage, PassageVersion
from ask.vocabulary import Vocabulary, approved_vocabulary
from pagecache import prepared_rows

logger = logging.getLogger(__name__)

# Calibrated on eval/questions.json with `make eval EVAL_ARGS=--held-out` (README, "The question box:
# refusal"): with the "every idea is one the articles talk about" rule, the highest coverage that wrongly
# refuses at most 10% of the answerable questions (the limit). One named setting, to re-tune on a new
# evaluation set.
MIN_COVERAGE: float = getattr(settings, "VETTED_ASK_MIN_COVERAGE", 0.40)
# On an article page, the refusal rule weighs that article's passages' scores by this much when it picks the
# best passage (``_coverage``); the order of the quotes does not use it: the article's come first.
ASKED_ON_BOOST = 1.5
MAX_PASSAGES = 3
MAX_QUESTION_LENGTH = 300
# How long a question waits for an index another thread is building (a fresh worker's start-up build, at a
# large corpus) before the page says the box is starting: well under gunicorn's 30-second worker timeout.
BUILD_WAIT_SECONDS = 10.0


@dataclass
class _Index:
    """One register's passages, ranked by BM25."""

    ids: list[int]
    article_ids: np.ndarray
    idf: dict[str, float]
    retriever: bm25s.BM25 | None
    size: int = field(default=0)
    # Each passage's stems (BM25's token ids), passage by passage: those of the passage at position p are
    # stems[starts[p]:starts[p + 1]]. The coverage rule needs a hit's words; reading and tokenising the hits'
    # rows again cost a query and a few milliseconds per question.
    stems: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int32))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    def weight(self, stem: str) -> float:
        return self.idf.get(stem, math.log(1 + (self.size + 0.5) / 0.5))  # unknown words weigh the most

    def stems_of(self, position: int) -> frozenset[int]:
        return frozenset(self.stems[self.starts[position] : self.starts[position + 1]].tolist())

    def stem_ids(self, stems: frozenset[str]) -> frozenset[int]:
        vocabulary = self.retriever.vocab_dict if self.retriever is not None else {}
        return frozenset(vocabulary[stem] for stem in stems if stem in vocabulary)


@dataclass
class _Corpus:
    """Every register's index, and what the approved passages talk about, at one passages version."""

    version: int
    indexes: dict[str, _Index]
    lexicon: Lexicon


_lock = threading.Lock()
_built: list[_Corpus] = []  # this process's corpus, at most one


def passage_version() -> int:
    """Changes whenever passages are written or deleted (``ask.passages`` raises it in the same transaction).
    Counting the table instead cost a scan of every passage per question at 10,000 articles."""
    rows = prepared_rows("ask_passage_version", lambda: PassageVersion.objects.filter(pk=1).values_list("number"))
    return rows[0][0] if rows else 0


def forget_indexes() -> None:
    """Drop this process's indexes (tests: a rolled-back test takes the version number back with it)."""
    with _lock:
        _built.clear()


def _index(rows: list[tuple]) -> _Index:
    # The article's title and other names and the section's heading are ranked with each passage: a reader
    # who names the subject, or the aspect, finds the passage that is about it.
    corpus = [tokens(f"{title} {also} {heading} {text}") for _, _, _, title, also, heading, text in rows]
    document_frequency: dict[str, int] = {}
    for stems in corpus:
        for stem in set(stems):
            document_frequency[stem] = document_frequency.get(stem, 0) + 1
    size = len(corpus)
    idf = {stem: math.log(1 + (size - df + 0.5) / (df + 0.5)) for stem, df in document_frequency.items()}
    retriever = None
    if corpus:
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
    index = _Index(
        ids=[row[0] for row in rows],
        article_ids=np.array([row[1] for row in rows], dtype=np.int64),
        idf=idf,
        retriever=retriever,
        size=size,
    )
    if retriever is not None:
        index.stems, index.starts = _stems_by_passage(retriever.scores, size)
    return index


def _stems_by_passage(matrix: dict, size: int) -> tuple[np.ndarray, np.ndarray]:
    """BM25's matrix (stem by stem: the passages holding each stem) turned round, passage by passage: every
    stem a passage holds has a positive score in it (BM25's inverse document frequency is positive)."""
    indptr, passages = matrix["indptr"], matrix["indices"]
    stem_of_entry = np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))
    order = np.argsort(passages, kind="stable")
    starts = np.searchsorted(passages[order], np.arange(size + 1))
    return stem_of_entry[order], starts


def _build(version: int) -> _Corpus:
    rows = list(
        Passage.objects.filter(revision_id=F("article__published_revision_id"))
        .order_by("id")
        .values_list("id", "article_id", "register", "title", "also_called", "heading", "text")
    )
    by_register: dict[str, list[tuple]] = {}
    for row in rows:
        by_register.setdefault(row[2], []).append(row)
    indexes = {register: _index(register_rows) for register, register_rows in by_register.items()}
    lexicon = Lexicon(stem for index in indexes.values() for stem in index.idf)
    return _Corpus(version=version, indexes=indexes, lexicon=lexicon)


class IndexBuilding(Exception):
    """Another thread of this worker has been building the index for longer than a reader should wait."""


def _corpus(*, wait: float = -1) -> _Corpus:
    """This process's corpus, rebuilt first if any passage changed since it was built. A question waits at
    most ``wait`` seconds for a build another thread is doing (``IndexBuilding`` after that): at 10,000
    articles on a busy machine a build took longer than gunicorn's 30-second worker timeout, and a worker
    killed while its question waited restarted, built again, and was killed again."""
    version = passage_version()
    if not _lock.acquire(timeout=wait):
        raise IndexBuilding
    try:
        if not _built or _built[0].version != version:
            _built[:] = [_build(version)]
        return _built[0]
    finally:
        _lock.release()


def warm_in_background() -> threading.Thread:
    """Build this process's index in a thread, so a fresh worker's first question does not wait for it (a
    question that arrives sooner waits on the same lock, no longer than the build has left)."""

    def build() -> None:
        try:
            _corpus()
        except Exception:  # a failed warm-up leaves the first question to build the index, as before
            logger.exception("could not build the question box's index at start")
        finally:
            connection.close()  # the thread's own connection (Django's are per thread)

    thread = threading.Thread(target=build, name="ask-index-warm", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class Hit:
    passage_id: int
    score: float
    coverage: float  # share of the question's weight the passage contains, 0 to 1


@dataclass
class Answer:
    question: str
    emergency: bool = False
    hits: list[Hit] = field(default_factory=list)  # the best first, MAX_PASSAGES at most
    # The best few in the order the page quotes them, before the refusal cut (for evaluation).
    ranked: list[Hit] = field(default_factory=list)
    coverage: float = 0.0  # the best passage's, as the refusal rule reads it (``_coverage``)
    unknown: list[Idea] = field(default_factory=list)  # ideas no approved passage talks about
    vocabulary: Vocabulary | None = None

    @property
    def refused(self) -> bool:
        return not self.emergency and not self.hits


def _best(scores: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` highest positive scores, the best first (equal scores in passage order),
    without sorting every passage of a large corpus: the ``limit``-th highest score found by a partition of
    the values (cheaper than of their positions), then only the passages at or above it sorted."""
    if len(scores) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        best = np.flatnonzero(scores >= kth) if kth > 0 else np.flatnonzero(scores > 0)
    else:
        best = np.flatnonzero(scores > 0)
    return best[np.argsort(-scores[best], kind="stable")][:limit]


def _rank(
    corpus: _Corpus, ideas: list[Idea], register: str, *, asked_on_article_id: int | None, limit: int
) -> tuple[list[Hit], list[Hit]]:
    """(the best passages of every article, the best of the article asked on): each best first, by BM25."""
    index = corpus.indexes.get(register)
    query = sorted({stem for idea in ideas for stem in idea.query})
    if index is None or index.retriever is None or not query:
        return [], []
    scores = index.retriever.get_scores(query)
    best = _best(scores, limit)
    own = np.array([], dtype=np.int64)
    if asked_on_article_id is not None:
        # The article's own best few, which the site-wide best of a large corpus may leave out.
        mine = np.flatnonzero(index.article_ids == asked_on_article_id)
        own = mine[_best(scores[mine], limit)]
    weights = [max(index.weight(stem) for stem in idea.stems) for idea in ideas]
    idea_ids = [index.stem_ids(idea.stems) for idea in ideas]

    def hit(position: int) -> Hit:
        found = index.stems_of(position)
        covered = sum(weight for ids, weight in zip(idea_ids, weights, strict=True) if ids & found)
        return Hit(index.ids[position], float(scores[position]), covered / sum(weights))

    return [hit(position) for position in best], [hit(position) for position in own]


def _coverage(ranked: list[Hit], own: list[Hit]) -> float:
    """What the refusal rule compares with ``MIN_COVERAGE`` (README, "The question box: refusal"): the best
    passage's coverage. The best site-wide must cover enough, so the article the box is used on never turns a
    refusal into an answer; on an article page, so must the best with that article's scores raised by
    ``ASKED_ON_BOOST``, the rule ``MIN_COVERAGE`` was calibrated with there (a page can refuse what ``/ask/``
    answers: a near miss in the reader's own article is the likelier reading of the question there)."""
    if not ranked:
        return 0.0
    mine = {hit.passage_id for hit in own}
    boosted = max(own + ranked, key=lambda hit: hit.score * (ASKED_ON_BOOST if hit.passage_id in mine else 1))
    return min(ranked[0].coverage, boosted.coverage)


def answer(question: str, register: str, *, asked_on_article_id: int | None = None) -> Answer:
    """Emergency first; else the best passages, or none when the question asks about something no approved
    passage talks about, or the best passage does not cover enough of it.

    Asked on an article page, the quotable passages of that article come first (the best first), then the
    other articles' that the site-wide box quotes; on ``/ask/`` the best first, whichever article.

    The one retrieval function: the answer page and ``make eval`` both call it."""
    vocabulary = approved_vocabulary()
    result = Answer(question=question, vocabulary=vocabulary)
    if vocabulary.emergency(question):
        result.emergency = True
        return result  # the urgent message, and no passage that could delay the reader
    corpus = _corpus(wait=BUILD_WAIT_SECONDS)
    ideas = concepts(question, vocabulary, corpus.lexicon)
    ranked, own = _rank(corpus, ideas, register, asked_on_article_id=asked_on_article_id, limit=10)
    result.unknown = unknown_ideas(ideas, corpus.lexicon)
    kinds = answer_kinds(question)
    if kinds and (ranked or own):  # "how long": only passages that give a duration answer it
        ids = [hit.passage_id for hit in ranked + own]
        texts = dict(Passage.objects.filter(pk__in=ids).values_list("pk", "text"))
        ranked = [hit for hit in ranked if gives(kinds, texts.get(hit.passage_id, ""))]
        own = [hit for hit in own if gives(kinds, texts.get(hit.passage_id, ""))]
    result.coverage = _coverage(ranked, own)
    first = [hit for hit in own if hit.coverage >= MIN_COVERAGE]
    result.ranked = first + [hit for hit in ranked if hit not in first]
    if not result.unknown and result.coverage >= MIN_COVERAGE:
        quoted = [hit for hit in ranked[:MAX_PASSAGES] if hit.coverage >= MIN_COVERAGE]
        result.hits = (first + [hit for hit in quoted if hit not in first])[:MAX_PASSAGES]
    return result
