"""``make eval``: the question box's accuracy on an evaluation set, through the same ``retrieval.answer`` the
answer page calls. A passage counts when it is in an expected article and section (the section's heading as
that audience's page shows it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from articles.models import Article, Audience
from ask.models import Passage
from ask.retrieval import answer

QUESTIONS_FILE = Path(__file__).resolve().parents[1] / "eval" / "questions.json"


@dataclass
class Report:
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    wrongly_refused: int = 0
    unanswerable: int = 0
    refused: int = 0
    emergencies: int = 0
    caught: int = 0
    misses: list | None = None
    # (kind, the best passage's coverage, question, whether it asks about an idea no passage talks about):
    # to calibrate MIN_COVERAGE
    coverages: list | None = None

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    def lines(self) -> list[str]:
        share = self.share
        return [
            f"answerable questions:          {self.answerable}",
            f"top-1 passage accuracy:        {share(self.top1, self.answerable):.0%} ({self.top1})",
            f"top-3 passage accuracy:        {share(self.top3, self.answerable):.0%} ({self.top3})",
            f"answerable wrongly refused:    {share(self.wrongly_refused, self.answerable):.0%} "
            f"({self.wrongly_refused})",
            f"unanswerable refused:          {share(self.refused, self.unanswerable):.0%} "
            f"({self.refused} of {self.unanswerable})",
            f"emergencies caught:            {share(self.caught, self.emergencies):.0%} "
            f"({self.caught} of {self.emergencies})",
        ]


def load_questions(path: Path = QUESTIONS_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(questions: list[dict]) -> Report:
    registers = dict(Audience.objects.values_list("slug", "register"))
    articles = dict(Article.objects.values_list("slug", "pk"))
    report = Report(misses=[], coverages=[])
    for item in questions:
        result = answer(
            item["question"], registers[item["audience"]], asked_on_article_id=articles.get(item.get("asked_on"))
        )
        best = result.coverage
        report.coverages.append((item["kind"], best, item["question"], bool(result.unknown)))
        if item["kind"] == "emergency":
            report.emergencies += 1
            report.caught += result.emergency
            continue
        if item["kind"] == "unanswerable":
            report.unanswerable += 1
            report.refused += result.refused
            if not result.refused:
                report.misses.append(("answered", item["question"]))
            continue
        report.answerable += 1
        expected = {(a["article"], a["heading"]) for a in item["answers"]}
        ids = [hit.passage_id for hit in result.ranked[:3]]
        rows = Passage.objects.filter(pk__in=ids).values_list("pk", "article__slug", "heading")
        where = {pk: (slug, heading) for pk, slug, heading in rows}
        found = [where.get(pk) in expected for pk in ids]
        report.top1 += bool(found[:1] and found[0])
        report.top3 += any(found)
        report.wrongly_refused += result.refused or result.emergency
        if not any(found) or result.refused:
            report.misses.append(("refused" if result.refused else "missed", item["question"]))
    return report


def refusal_figures(coverages: list, threshold: float) -> tuple[int, int, int, int]:
    """(unanswerable refused, unanswerable, answerable wrongly refused, answerable) had the refusal threshold
    been ``threshold``: a question is refused when it asks about an idea no approved passage talks about, or
    its best passage's coverage is below the threshold."""
    unanswerable = [unknown or best < threshold for kind, best, _, unknown in coverages if kind == "unanswerable"]
    answerable = [unknown or best < threshold for kind, best, _, unknown in coverages if kind == "answerable"]
    refused, wrongly = sum(unanswerable), sum(answerable)
    return refused, len(unanswerable), wrongly, len(answerable)


def calibrate(coverages: list, *, most_wrongly_refused: float = 0.10) -> float:
    """The highest threshold (in hundredths) that refuses at most ``most_wrongly_refused`` of the answerable
    questions: refusing more of the rest costs answers readers should get, the issue's limit."""
    best = 0.0
    for hundredths in range(101):
        _, _, wrongly, answerable = refusal_figures(coverages, hundredths / 100)
        if wrongly <= most_wrongly_refused * answerable:
            best = hundredths / 100
    return best


def held_out_lines(coverages: list) -> list[str]:
    """Calibrate on every other question and report on the others, both ways round: how far the threshold
    chosen on one half holds on questions it was not chosen on (the set is small; the halves differ)."""
    lines = []
    for name, calibration, held in (
        ("even", coverages[0::2], coverages[1::2]),
        ("odd", coverages[1::2], coverages[0::2]),
    ):
        threshold = calibrate(calibration)
        refused, unanswerable, wrongly, answerable = refusal_figures(held, threshold)
        lines.append(
            f"calibrated on the {name} questions: threshold {threshold:.2f}; on the other half, unanswerable "
            f"refused {refused} of {unanswerable}, answerable wrongly refused {wrongly} of {answerable}"
        )
    return lines
