from pathlib import Path

from django.core.management.base import BaseCommand

from ask.evaluation import QUESTIONS_FILE, calibrate, evaluate, held_out_lines, load_questions
from ask.retrieval import MIN_COVERAGE


class Command(BaseCommand):
    help = "Run the question box over an evaluation set (eval/questions.json) and print its accuracy."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=Path, default=QUESTIONS_FILE)
        parser.add_argument("--misses", action="store_true", help="list the questions it got wrong")
        parser.add_argument(
            "--held-out", action="store_true", help="calibrate the threshold on half the set, report on the other"
        )

    def handle(self, *args, questions, misses, held_out, **options):
        report = evaluate(load_questions(questions))
        self.stdout.write(f"{questions} with refusal threshold (coverage) {MIN_COVERAGE}")
        for line in report.lines():
            self.stdout.write(line)
        if misses:
            for why, question in report.misses:
                self.stdout.write(f"  {why}: {question}")
            self.stdout.write("The best passage's coverage, by kind (to calibrate VETTED_ASK_MIN_COVERAGE):")
            for kind, coverage, question, unknown in sorted(report.coverages):
                never = "  (asks about an idea no passage talks about)" if unknown else ""
                self.stdout.write(f"  {kind:<12} {coverage:.2f}  {question}{never}")
        if held_out:
            self.stdout.write(f"calibrated on the whole set: threshold {calibrate(report.coverages):.2f}")
            for line in held_out_lines(report.coverages):
                self.stdout.write(line)
